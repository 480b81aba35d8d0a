//! Round-robin distribution of new leads.

/// The agent who gets the next new lead: the first of `eligible` (active, available
/// agents in their stable order, by id) after `last`, wrapping around. When `last` is
/// gone (deactivated, or never set) the turn continues from where it would have been.
pub fn next_agent(eligible: &[i64], last: Option<i64>) -> Option<i64> {
    let first = *eligible.first()?;
    Some(match last {
        Some(last) => eligible
            .iter()
            .copied()
            .find(|&id| id > last)
            .unwrap_or(first),
        None => first,
    })
}

#[cfg(test)]
mod tests {
    use super::next_agent;

    #[test]
    fn turns_go_round_in_id_order() {
        let cases: &[(&[i64], Option<i64>, Option<i64>)] = &[
            (&[], None, None),
            (&[], Some(3), None),
            (&[2, 3, 4], None, Some(2)),
            (&[2, 3, 4], Some(2), Some(3)),
            (&[2, 3, 4], Some(3), Some(4)),
            (&[2, 3, 4], Some(4), Some(2)),
            // The last one assigned left the rotation: the next one in order follows.
            (&[2, 4], Some(3), Some(4)),
            (&[2, 4], Some(9), Some(2)),
            (&[2, 4], Some(1), Some(2)),
            (&[7], Some(7), Some(7)),
        ];
        for (eligible, last, want) in cases {
            assert_eq!(
                next_agent(eligible, *last),
                *want,
                "{eligible:?} after {last:?}"
            );
        }
    }

    #[test]
    fn a_long_run_is_even() {
        let agents = [3, 5, 8];
        let mut counts = [0; 3];
        let mut last = None;
        for _ in 0..300 {
            last = next_agent(&agents, last);
            let i = agents
                .iter()
                .position(|&a| Some(a) == last)
                .expect("an agent");
            counts[i] += 1;
        }
        assert_eq!(counts, [100, 100, 100]);
    }
}
