//! The history's messages, a separator above each local day.

use super::super::bubble::Bubble;
use crate::{messaging::MessageView, ui::time::ReaderClock};
use leptos::{either::Either, prelude::*};

/// One local day of messages, under one separator.
#[derive(Debug, Clone, PartialEq)]
pub struct Day {
    /// When its first message was written (milliseconds), for the separator's label.
    pub first_at_ms: i64,
    /// Its messages, oldest first.
    pub messages: Vec<MessageView>,
}

/// Splits `messages` (oldest first) into days as seen in a zone `offset_min` minutes
/// east of UTC, so a message at 00:30 local time opens a new day wherever UTC is.
pub fn group_by_day(messages: Vec<MessageView>, offset_min: i64) -> Vec<Day> {
    let mut days: Vec<Day> = Vec::new();
    let mut current = None;
    for m in messages {
        let at = m.created_at.timestamp_millis();
        let day = crate::ui::time::local_day(at, offset_min);
        match days.last_mut() {
            Some(last) if current == Some(day) => last.messages.push(m),
            _ => {
                current = Some(day);
                days.push(Day {
                    first_at_ms: at,
                    messages: vec![m],
                });
            }
        }
    }
    days
}

/// Messages with a separator above each day.
#[component]
pub fn MessageDays(
    /// The messages, oldest first.
    messages: Signal<Vec<MessageView>>,
    /// The clock and zone they are drawn with.
    clock: Signal<ReaderClock>,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    let lang = crate::i18n::use_lang().get_untracked();
    move || {
        let list = messages.get();
        if list.is_empty() {
            return Either::Left(
                view! { <p class="py-8 text-center text-sm text-slate-600">{move || t("Belum ada pesan.")}</p> },
            );
        }
        let ReaderClock {
            now_ms: now,
            offset_min: offset,
        } = clock.get();
        Either::Right(
            group_by_day(list, offset)
                .into_iter()
                .map(|day| {
                    view! {
                        <div class="my-3 flex justify-center">
                            <span class="rounded-lg bg-white/90 px-3 py-1 text-xs text-slate-600 shadow-sm">
                                {crate::ui::time::day_label(now, day.first_at_ms, offset, lang)}
                            </span>
                        </div>
                        {day
                            .messages
                            .into_iter()
                            .map(|m| view! { <Bubble message=m offset=offset /> })
                            .collect_view()}
                    }
                })
                .collect_view(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{at, ids, message};
    use super::*;
    use crate::domain::Direction;

    #[test]
    fn messages_are_grouped_by_local_day() {
        let messages = vec![
            message(1, Direction::Inbound, 60),       // 01:00 UTC on day one
            message(2, Direction::Outbound, 23 * 60), // 23:00 UTC on day one
            message(3, Direction::Inbound, 24 * 60 + 5), // 00:05 UTC on day two
        ];
        let utc: Vec<Vec<i64>> = group_by_day(messages.clone(), 0)
            .iter()
            .map(|d| ids(&d.messages))
            .collect();
        assert_eq!(utc, [vec![1, 2], vec![3]]);
        // In Jakarta (UTC+7) 23:00 UTC is already the next morning.
        let jakarta = group_by_day(messages, 7 * 60);
        let jakarta_ids: Vec<Vec<i64>> = jakarta.iter().map(|d| ids(&d.messages)).collect();
        assert_eq!(jakarta_ids, [vec![1], vec![2, 3]]);
        assert_eq!(jakarta[1].first_at_ms, at(23 * 60).timestamp_millis());
        assert!(group_by_day(Vec::new(), 0).is_empty());
    }
}
