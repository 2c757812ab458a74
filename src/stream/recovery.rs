//! How much backfill a reconnection asks for after a gap (`ClientBuilder::recover`). Pure.

use std::time::Duration;

use crate::request::params::StreamParams;

/// Added to the measured gap: the last line's event time at X is earlier than when it
/// reached us (delivery latency), and X's clock is not ours.
pub(crate) const RECOVERY_MARGIN: Duration = Duration::from_secs(15);

/// `backfill_minutes` covering `gap` plus a 15 s margin (X's clock and delivery latency):
/// whole minutes rounded up, 1 to 5. What `recover(true)` asks for after a reconnection; public so that a process which
/// measures its own gap (say, since the last post it stored) asks for the same.
///
/// ```
/// # use std::time::Duration;
/// use tweetstream::backfill_minutes_for;
/// assert_eq!(backfill_minutes_for(Duration::from_secs(45)), 1);
/// assert_eq!(backfill_minutes_for(Duration::from_millis(45_500)), 2, "rounded up");
/// assert_eq!(backfill_minutes_for(Duration::from_secs(3600)), 5, "X keeps 5 minutes");
/// ```
pub fn backfill_minutes_for(gap: Duration) -> u32 {
    let secs = (gap + RECOVERY_MARGIN).as_secs_f64();
    let minutes = (secs / 60.0)
        .ceil()
        .min(f64::from(StreamParams::MAX_BACKFILL_MINUTES)) as u32;
    minutes.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gap_and_margin_round_up_to_whole_minutes_at_most_five() {
        let m = |s: u64| backfill_minutes_for(Duration::from_secs(s));
        assert_eq!(m(0), 1);
        assert_eq!(m(10), 1);
        assert_eq!(m(45), 1);
        assert_eq!(m(46), 2, "46 s + 15 s margin is just over a minute");
        assert_eq!(m(165), 3);
        assert_eq!(m(285), 5);
        assert_eq!(m(3600), 5);
        assert_eq!(backfill_minutes_for(Duration::from_millis(45_001)), 2);
    }
}
