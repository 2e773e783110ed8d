//! The spill format of a document's summary ([`super::docs::DocSpill`]):
//! little-endian fixed-width fields (extsort's codec), each list as its
//! length (u32) then its items. A record is the outlet's number, tokens
//! (u64), sentences, matches, out-of-context matches (u32 each), the frame
//! counts own and quoted (each as its length, then the number of frames
//! with a match, then those as (frame, count): most are zero), the entry
//! counts (entry, own, quote), the axis tallies, the off-topic flags (one
//! byte each) and the sentence tallies (sentence u32, axis u16, tally). A
//! tally is its four weights (f64) then its three counts (u32). Written and
//! read back by the same run, so no version.

use std::io::{self, Read, Write};
use std::sync::Arc;

use super::DocSummary;
use crate::extsort::{read_field as get, write_field as put};
use crate::features::{AxisTally, DocTally, EntryCount};

/// Appends the summary of a document of outlet number `outlet`.
pub fn write_summary(out: &mut impl Write, outlet: u32, t: &DocTally) -> io::Result<()> {
    put(out, outlet)?;
    put(out, t.tokens)?;
    for n in [t.sentences, t.matches, t.out_of_context] {
        put(out, n)?;
    }
    for list in [&t.frame_own, &t.frame_quote] {
        write_sparse(out, list)?;
    }
    write_len(out, t.entries.len())?;
    for c in &t.entries {
        for n in [c.entry, c.own, c.quote] {
            put(out, n)?;
        }
    }
    write_len(out, t.axes.len())?;
    for a in &t.axes {
        write_axis(out, a)?;
    }
    write_len(out, t.off_topic.len())?;
    for &b in &t.off_topic {
        put(out, u8::from(b))?;
    }
    write_len(out, t.sentence_axes.len())?;
    for (s, a, tally) in &t.sentence_axes {
        put(out, *s)?;
        put(out, *a)?;
        write_axis(out, tally)?;
    }
    Ok(())
}

/// Reads back a summary that [`write_summary`] wrote; `names` are the
/// outlets by number.
pub fn read_summary(r: &mut impl Read, names: &[Arc<str>]) -> io::Result<DocSummary> {
    let outlet = names
        .get(get::<u32>(r)? as usize)
        .ok_or_else(corrupt)?
        .clone();
    let tokens = get(r)?;
    let (sentences, matches, out_of_context) = (get(r)?, get(r)?, get(r)?);
    let frame_own = read_sparse(r)?;
    let frame_quote = read_sparse(r)?;
    let entries = read_list(r, |r| {
        Ok(EntryCount {
            entry: get(r)?,
            own: get(r)?,
            quote: get(r)?,
        })
    })?;
    let axes = read_list(r, read_axis)?;
    let off_topic = read_list(r, |r| Ok(get::<u8>(r)? != 0))?;
    let sentence_axes = read_list(r, |r| Ok((get(r)?, get(r)?, read_axis(r)?)))?;
    Ok(DocSummary {
        outlet,
        tally: DocTally {
            tokens,
            sentences,
            matches,
            out_of_context,
            frame_own,
            frame_quote,
            entries,
            axes,
            off_topic,
            sentence_axes,
        },
    })
}

fn corrupt() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        "document tally spill file is corrupt",
    )
}

fn write_len(out: &mut impl Write, n: usize) -> io::Result<()> {
    let n =
        u32::try_from(n).map_err(|_| io::Error::other("a document tally is too large to spill"))?;
    put(out, n)
}

fn write_sparse(out: &mut impl Write, list: &[u32]) -> io::Result<()> {
    write_len(out, list.len())?;
    write_len(out, list.iter().filter(|&&n| n != 0).count())?;
    for (i, &n) in list.iter().enumerate().filter(|(_, &n)| n != 0) {
        put(out, i as u32)?;
        put(out, n)?;
    }
    Ok(())
}

fn read_sparse(r: &mut impl Read) -> io::Result<Vec<u32>> {
    let len = get::<u32>(r)? as usize;
    let mut v = vec![0; len];
    for _ in 0..get::<u32>(r)? {
        let i = get::<u32>(r)? as usize;
        *v.get_mut(i).ok_or_else(corrupt)? = get(r)?;
    }
    Ok(v)
}

fn write_axis(out: &mut impl Write, a: &AxisTally) -> io::Result<()> {
    for w in [a.pos_own, a.neg_own, a.pos_quote, a.neg_quote] {
        put(out, w)?;
    }
    for n in [a.n_own, a.n_quote, a.negated] {
        put(out, n)?;
    }
    Ok(())
}

fn read_axis(r: &mut impl Read) -> io::Result<AxisTally> {
    Ok(AxisTally {
        pos_own: get(r)?,
        neg_own: get(r)?,
        pos_quote: get(r)?,
        neg_quote: get(r)?,
        n_own: get(r)?,
        n_quote: get(r)?,
        negated: get(r)?,
    })
}

fn read_list<R: Read, T>(r: &mut R, item: impl Fn(&mut R) -> io::Result<T>) -> io::Result<Vec<T>> {
    let n = get::<u32>(r)? as usize;
    // Exact: a list is kept as long as its document is.
    let mut v = Vec::with_capacity(n.min(1 << 16));
    for _ in 0..n {
        v.push(item(r)?);
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_reads_back_as_written() {
        let axis = |w: f64| AxisTally {
            pos_own: w,
            neg_quote: w / 3.0,
            n_own: 2,
            negated: 1,
            ..AxisTally::default()
        };
        let t = DocTally {
            tokens: 1 << 40,
            sentences: 7,
            matches: 5,
            out_of_context: 1,
            frame_own: vec![1, 0, 3],
            frame_quote: vec![0, 2, 0],
            entries: vec![EntryCount {
                entry: 9,
                own: 1,
                quote: 4,
            }],
            axes: vec![axis(0.7), axis(-0.0)],
            off_topic: vec![false, true],
            sentence_axes: vec![(0, 0, axis(0.7)), (6, 1, axis(1e-300))],
        };
        let names: Vec<Arc<str>> = vec!["A".into(), "Café".into()];
        let mut buf = Vec::new();
        write_summary(&mut buf, 1, &t).unwrap();
        write_summary(&mut buf, 0, &DocTally::default()).unwrap();
        let mut r = buf.as_slice();
        let one = read_summary(&mut r, &names).unwrap();
        assert_eq!((&*one.outlet, &one.tally), ("Café", &t));
        let two = read_summary(&mut r, &names).unwrap();
        assert_eq!((&*two.outlet, &two.tally), ("A", &DocTally::default()));
        assert!(r.is_empty());
        // a cut record is an error, not a panic
        let mut cut = &buf[..buf.len() / 2];
        assert!(read_summary(&mut cut, &names).is_err());
        assert!(read_summary(&mut &buf[..], &names[..1]).is_err());
    }
}
