//! Parsing the other things people type: calendar dates, instants, birth
//! years, monthly interest rates and blood-pressure readings. (Amounts of
//! money are in [`crate::money`], phones in [`crate::phone`].)
//!
//! Hand-written because each form is a few Vietnamese field conventions
//! (`21/03/1950`, `1,5%`, `150/95`) that no date or number crate accepts as a
//! whole; chrono does the calendar work.

use crate::error::FieldError;
use crate::model::{vietnam_offset, Birth, Instant};
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone};

/// A calendar date written `2026-03-21` (ISO 8601) or `21/03/2026`
/// (`d/m/yyyy`, as Vietnamese forms write it; `-` and `.` also accepted as
/// separators). Error code `date.invalid`.
pub fn parse_date(field: &str, input: &str) -> Result<NaiveDate, FieldError> {
    let s = input.trim();
    let bad = || {
        FieldError::new(
            "date.invalid",
            field,
            format!("'{s}' is not a date; write 2026-03-21 or 21/03/2026"),
        )
    };
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        if s.len() == 10 {
            return Ok(d);
        }
    }
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    if parts.len() != 3
        || parts[2].len() != 4
        || parts[0].is_empty()
        || parts[0].len() > 2
        || parts[1].is_empty()
        || parts[1].len() > 2
    {
        return Err(bad());
    }
    let num = |p: &str| p.parse::<u32>().map_err(|_| bad());
    let (d, m, y) = (num(parts[0])?, num(parts[1])?, num(parts[2])?);
    NaiveDate::from_ymd_opt(y as i32, m, d).ok_or_else(bad)
}

/// An instant: RFC 3339 with its offset (`2026-03-02T08:30:00+07:00`), or a
/// local Vietnam time `2026-03-02 08:30` / `02/03/2026 08:30` taken at
/// +07:00. Error code `instant.invalid`.
pub fn parse_instant(field: &str, input: &str) -> Result<Instant, FieldError> {
    let s = input.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t);
    }
    let bad = || {
        FieldError::new(
            "instant.invalid",
            field,
            format!("'{s}' is not a time; write 2026-03-02 08:30 or 2026-03-02T08:30:00+07:00"),
        )
    };
    let (date, time) = s.split_once([' ', 'T']).ok_or_else(bad)?;
    let date = parse_date(field, date).map_err(|_| bad())?;
    let time = chrono::NaiveTime::parse_from_str(time.trim(), "%H:%M")
        .or_else(|_| chrono::NaiveTime::parse_from_str(time.trim(), "%H:%M:%S"))
        .map_err(|_| bad())?;
    vietnam_offset()
        .from_local_datetime(&NaiveDateTime::new(date, time))
        .single()
        .ok_or_else(bad)
}

/// A birth year (`1950`) or birth date (`1950-03-21`, `21/03/1950`).
/// Error code `birth.invalid`.
pub fn parse_birth(field: &str, input: &str) -> Result<Birth, FieldError> {
    let s = input.trim();
    if s.len() == 4 && s.chars().all(|c| c.is_ascii_digit()) {
        return s
            .parse()
            .map(Birth::Year)
            .map_err(|_| FieldError::new("birth.invalid", field, "bad year"));
    }
    parse_date(field, s).map(Birth::Date).map_err(|_| {
        FieldError::new(
            "birth.invalid",
            field,
            format!("'{s}' is neither a birth year (1950) nor a date (21/03/1950)"),
        )
    })
}

/// A monthly interest rate in percent (`1%`, `0,8%`, `1.25`, `0`) as basis
/// points per month (1% = 100 bp). At most two decimals; 0–10% a month.
/// Error codes `rate.invalid`, `rate.precision`, `rate.range`.
pub fn parse_rate_bp(field: &str, input: &str) -> Result<u32, FieldError> {
    let s = input.trim().trim_end_matches('%').trim().replace(',', ".");
    let bad = || {
        FieldError::new(
            "rate.invalid",
            field,
            format!(
                "'{}' is not a monthly rate in percent, e.g. 1% or 0,8%",
                input.trim()
            ),
        )
    };
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    if whole.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || whole.len() > 3
    {
        return Err(bad());
    }
    let frac = frac.trim_end_matches('0');
    if frac.len() > 2 {
        return Err(FieldError::new(
            "rate.precision",
            field,
            "a rate has at most two decimals (0,01% steps)",
        ));
    }
    let whole: u32 = whole.parse().map_err(|_| bad())?;
    let frac_bp: u32 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    let bp = whole * 100 + frac_bp;
    if bp > 1000 {
        return Err(FieldError::new(
            "rate.range",
            field,
            format!(
                "{}% a month is above the 10% limit",
                input.trim().trim_end_matches('%')
            ),
        ));
    }
    Ok(bp)
}

/// Formats basis points per month as a percent: 150 → `1,5%`.
pub fn format_rate_bp(bp: u32) -> String {
    let whole = bp / 100;
    let frac = bp % 100;
    if frac == 0 {
        format!("{whole}%")
    } else {
        format!("{whole},{}%", format!("{frac:02}").trim_end_matches('0'))
    }
}

/// A blood-pressure reading `150/95` (systolic/diastolic, mmHg). Ranges are
/// checked by [`crate::vitals::validate_vitals`]. Error code `bp.invalid`.
pub fn parse_bp(field: &str, input: &str) -> Result<(u16, u16), FieldError> {
    let bad = || {
        FieldError::new(
            "bp.invalid",
            field,
            format!("'{}' is not a reading like 150/95", input.trim()),
        )
    };
    let (s, d) = input.trim().split_once('/').ok_or_else(bad)?;
    Ok((
        s.trim().parse().map_err(|_| bad())?,
        d.trim().parse().map_err(|_| bad())?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_forms() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 21).unwrap();
        assert_eq!(parse_date("on", "2026-03-21").unwrap(), d);
        assert_eq!(parse_date("on", "21/03/2026").unwrap(), d);
        assert_eq!(parse_date("on", "21/3/2026").unwrap(), d);
        assert_eq!(parse_date("on", "21.03.2026").unwrap(), d);
        for bad in [
            "",
            "31/02/2026",
            "2026/03/21",
            "21/03/26",
            "tomorrow",
            "2026-3-21x",
        ] {
            let e = parse_date("on", bad).unwrap_err();
            assert_eq!(
                (e.code.as_str(), e.field.as_str()),
                ("date.invalid", "on"),
                "{bad}"
            );
        }
    }

    #[test]
    fn instants_keep_or_assume_the_offset() {
        let t = parse_instant("at", "2026-01-31 23:30").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-01-31T23:30:00+07:00");
        let u = parse_instant("at", "2026-01-31T16:30:00Z").unwrap();
        assert_eq!(u, t);
        assert_eq!(crate::model::vietnam_date(&u).to_string(), "2026-01-31");
        assert_eq!(
            parse_instant("at", "2026-01-31").unwrap_err().code,
            "instant.invalid"
        );
    }

    #[test]
    fn birth_year_or_date() {
        assert_eq!(parse_birth("birth", "1950").unwrap(), Birth::Year(1950));
        assert_eq!(
            parse_birth("birth", "21/03/1950").unwrap(),
            Birth::Date(NaiveDate::from_ymd_opt(1950, 3, 21).unwrap())
        );
        assert_eq!(
            parse_birth("birth", "50").unwrap_err().code,
            "birth.invalid"
        );
    }

    #[test]
    fn rates_golden() {
        for (s, bp) in [
            ("1%", 100),
            ("0,8%", 80),
            ("0.8", 80),
            ("1,25 %", 125),
            ("0", 0),
            ("1.50", 150),
            ("10%", 1000),
        ] {
            assert_eq!(parse_rate_bp("rate", s).unwrap(), bp, "{s}");
        }
        for (s, code) in [
            ("1,255%", "rate.precision"),
            ("10,01%", "rate.range"),
            ("-1%", "rate.invalid"),
            ("abc", "rate.invalid"),
            ("", "rate.invalid"),
            ("1.2.3", "rate.invalid"),
        ] {
            assert_eq!(parse_rate_bp("rate", s).unwrap_err().code, code, "{s}");
        }
        assert_eq!(format_rate_bp(150), "1,5%");
        assert_eq!(format_rate_bp(100), "1%");
        assert_eq!(format_rate_bp(125), "1,25%");
        assert_eq!(format_rate_bp(5), "0,05%");
    }

    #[test]
    fn blood_pressure() {
        assert_eq!(parse_bp("bp", " 150 / 95 ").unwrap(), (150, 95));
        assert_eq!(parse_bp("bp", "150-95").unwrap_err().code, "bp.invalid");
        assert_eq!(parse_bp("bp", "150/").unwrap_err().code, "bp.invalid");
    }
}
