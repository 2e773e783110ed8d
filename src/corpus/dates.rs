//! Dates normalised to ISO 8601: ISO forms are kept (a space before the
//! time becomes `T`), `2017/12/30` is read year first, numeric day-month
//! forms such as `12/30/17` or `30.12.2017` in the order the user chose
//! (month first by default, as in the US) unless a field above 12 settles
//! it, and forms with a month name (`Dec 30, 2017`, `30 December 2017`,
//! `Sat, 30 Dec 2017 10:00:00 +0000`) whatever their order. A date none of
//! these reads is kept as given and counted, never dropped.

/// How to read a numeric date whose first two fields could each be the
/// month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// Month first: `12/01/17` is 1 December 2017 (US).
    #[default]
    Mdy,
    /// Day first: `12/01/17` is 12 January 2017.
    Dmy,
}

impl std::str::FromStr for DateOrder {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "mdy" => Ok(DateOrder::Mdy),
            "dmy" => Ok(DateOrder::Dmy),
            _ => Err(format!("`{s}` is not one of mdy, dmy")),
        }
    }
}

/// `raw` in ISO 8601, or `None` when slant cannot read it.
pub fn normalize(raw: &str, order: DateOrder) -> Option<String> {
    let s = raw.trim();
    iso(s).or_else(|| numeric(s, order)).or_else(|| named(s))
}

/// Whether `s` is an ISO 8601 date as [`normalize`] writes them: `YYYY`,
/// `YYYY-MM` or `YYYY-MM-DD`, optionally followed by `T` and a time.
/// The same as `iso(s) == Some(s)`, without making the string to compare:
/// the aggregate asks it of every document's date, in input order.
pub fn is_iso(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    // The value of the digits at `r`, checked to be digits above.
    let number =
        |r: std::ops::Range<usize>| b[r].iter().fold(0u32, |n, &d| n * 10 + u32::from(d - b'0'));
    if !digits(0..4) {
        return false;
    }
    match b.len() {
        4 => return true,
        7 if b[4] == b'-' && digits(5..7) => return (1..=12).contains(&number(5..7)),
        n if n < 10 => return false,
        _ => {}
    }
    if b[4] != b'-' || b[7] != b'-' || !digits(5..7) || !digits(8..10) {
        return false;
    }
    // Four digits: the year fits an i32.
    let year = number(0..4) as i32;
    // A space before the time is normalised to `T`, so the date is not as
    // `normalize` writes it.
    is_date(year, number(5..7), number(8..10)) && matches!(b.get(10), None | Some(b'T'))
}

fn iso(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    if !digits(0..4) {
        return None;
    }
    let year: i32 = s[..4].parse().ok()?;
    match b.len() {
        4 => return Some(s.to_string()),
        7 if b[4] == b'-' && digits(5..7) => {
            let m: u32 = s[5..7].parse().ok()?;
            return (1..=12).contains(&m).then(|| s.to_string());
        }
        _ => {}
    }
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' || !digits(5..7) || !digits(8..10) {
        return None;
    }
    let date = ymd(year, s[5..7].parse().ok()?, s[8..10].parse().ok()?)?;
    match b.get(10) {
        None => Some(date),
        Some(b'T') => Some(s.to_string()),
        Some(b' ') if digits(11..13) && b.get(13) == Some(&b':') => {
            Some(format!("{date}T{}", &s[11..]))
        }
        _ => None,
    }
}

/// `YYYY-MM-DD` of a valid calendar date.
fn ymd(year: i32, month: u32, day: u32) -> Option<String> {
    is_date(year, month, day).then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// Whether `year`, `month` and `day` are a calendar date with a
/// four-digit year.
fn is_date(year: i32, month: u32, day: u32) -> bool {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day) && (1000..=9999).contains(&year)
}

/// A two-digit year: 00-68 is 2000-2068, 69-99 is 1969-1999 (as POSIX
/// `strptime` reads `%y`).
fn full_year(field: &str) -> Option<i32> {
    let y: i32 = field.parse().ok()?;
    match field.len() {
        4 => Some(y),
        2 if y < 69 => Some(2000 + y),
        2 => Some(1900 + y),
        _ => None,
    }
}

/// Three numeric fields split by `/`, `.` or `-`: year first when the
/// first has four digits, else day and month in `order` unless one of
/// them is above 12.
fn numeric(s: &str, order: DateOrder) -> Option<String> {
    let sep = s.chars().find(|c| matches!(c, '/' | '.' | '-'))?;
    let f: Vec<&str> = s.split(sep).collect();
    if f.len() != 3
        || f.iter()
            .any(|x| x.is_empty() || !x.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    if f[0].len() == 4 {
        return ymd(f[0].parse().ok()?, f[1].parse().ok()?, f[2].parse().ok()?);
    }
    if f[0].len() > 2 || f[1].len() > 2 {
        return None;
    }
    let (a, b): (u32, u32) = (f[0].parse().ok()?, f[1].parse().ok()?);
    let year = full_year(f[2])?;
    let day_first = match order {
        _ if a > 12 => true,
        _ if b > 12 => false,
        DateOrder::Dmy => true,
        DateOrder::Mdy => false,
    };
    let (month, day) = if day_first { (b, a) } else { (a, b) };
    ymd(year, month, day)
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// A date with a month name: the year is the four-digit number, the day
/// the number of one or two digits next to the month name; weekdays, times
/// and zones around them are passed over.
fn named(s: &str) -> Option<String> {
    let words: Vec<&str> = s
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let month_of = |w: &str| {
        let w = w.to_ascii_lowercase();
        MONTHS
            .iter()
            .position(|m| w.starts_with(m) && (w.len() == 3 || is_month_name(&w)))
    };
    let (at, month) = words
        .iter()
        .enumerate()
        .find_map(|(i, w)| Some((i, month_of(w)?)))?;
    let year = words
        .iter()
        .find(|w| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))?;
    let day_word = |i: Option<usize>| {
        let w = words.get(i?)?;
        let w = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        (w.len() <= 2 && !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()))
            .then(|| w.parse::<u32>().ok())
            .flatten()
    };
    let day = day_word(Some(at + 1)).or_else(|| day_word(at.checked_sub(1)))?;
    ymd(year.parse().ok()?, month as u32 + 1, day)
}

fn is_month_name(w: &str) -> bool {
    [
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "sept",
        "october",
        "november",
        "december",
    ]
    .contains(&w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_table() {
        use DateOrder::{Dmy, Mdy};
        let cases: &[(&str, DateOrder, Option<&str>)] = &[
            ("2013-03-28", Mdy, Some("2013-03-28")),
            ("2013-03", Mdy, Some("2013-03")),
            ("2013", Mdy, Some("2013")),
            ("2013-03-28T12:00:00Z", Mdy, Some("2013-03-28T12:00:00Z")),
            ("2013-03-28 12:00:00", Mdy, Some("2013-03-28T12:00:00")),
            ("2013/03/28", Mdy, Some("2013-03-28")),
            ("12/30/17", Mdy, Some("2017-12-30")),
            ("12/30/17", Dmy, Some("2017-12-30")), // 30 cannot be a month
            ("30/12/2017", Mdy, Some("2017-12-30")),
            ("12/01/17", Mdy, Some("2017-12-01")),
            ("12/01/17", Dmy, Some("2017-01-12")),
            ("01.02.1999", Dmy, Some("1999-02-01")),
            ("1/2/70", Mdy, Some("1970-01-02")),
            ("Dec 30, 2017", Mdy, Some("2017-12-30")),
            ("30 December 2017", Mdy, Some("2017-12-30")),
            ("December 3rd, 2017", Dmy, Some("2017-12-03")),
            ("Sat, 30 Dec 2017 10:00:00 +0000", Mdy, Some("2017-12-30")),
            ("Sept. 5, 2016", Mdy, Some("2016-09-05")),
            ("August 1st, 2017", Mdy, Some("2017-08-01")),
            ("2017-02-29", Mdy, None),
            ("2016-02-29", Mdy, Some("2016-02-29")),
            ("13/13/17", Mdy, None),
            ("last Tuesday", Mdy, None),
            ("Mayday 2017", Mdy, None),
            ("", Mdy, None),
            ("1/2/345", Mdy, None),
        ];
        for &(raw, order, want) in cases {
            assert_eq!(normalize(raw, order).as_deref(), want, "{raw:?} {order:?}");
            if let Some(w) = want {
                assert!(is_iso(w), "{w}");
            }
        }
        assert!(!is_iso("12/30/17"));
        for yes in [
            "0000",
            "2017-12",
            "2016-02-29",
            "2017-12-30T10:00",
            "2017-12-30T",
        ] {
            assert!(is_iso(yes), "{yes}");
        }
        for no in [
            "2017-13",
            "2017-1",
            "2017-02-29",
            "0999-01-01",
            "2017-12-30 10:00",
        ] {
            assert!(!is_iso(no), "{no}");
        }
        assert!(!is_iso("2017-12-30x") && !is_iso("2017/12/30") && !is_iso("201"));
    }

    proptest::proptest! {
        /// The check is what it replaced: `iso` giving back the string.
        #[test]
        fn is_iso_is_iso_giving_back_the_string(
            s in "[0-9]{0,5}(-[0-9]{1,3}){0,2}([T ][0-9:]{0,4})?|[-0-9T :/a]{0,14}|\\PC{0,12}"
        ) {
            proptest::prop_assert_eq!(is_iso(&s), iso(&s).as_deref() == Some(s.as_str()));
        }
    }
}
