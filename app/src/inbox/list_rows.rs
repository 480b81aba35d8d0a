//! The chat list's row arithmetic, apart from the view so it is tested on its own:
//! how tall each row is, which of thousands of rows to render, where to scroll so the
//! keyboard cursor stays visible, and how a reloaded first page merges into the loaded
//! rows.

use super::ChatSummary;

/// Height of a row of two lines (name; account, preview) in pixels.
pub const ROW_HEIGHT: f64 = 76.0;
/// Height of a row with a third line (its labels, or its owner in an admin's list).
pub const TALL_ROW_HEIGHT: f64 = 98.0;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 6;

/// How tall `chat`'s row is: the one rule the row's own box and the list's arithmetic
/// both follow, so nothing in a row is cut off and no row overlaps the next.
pub fn row_height(chat: &ChatSummary, show_owner: bool) -> f64 {
    if show_owner || !chat.labels.is_empty() {
        TALL_ROW_HEIGHT
    } else {
        ROW_HEIGHT
    }
}

/// Where each row starts, and after the last the list's whole height: `tops[i]` is
/// row `i`'s top, `tops[rows.len()]` the total.
pub fn row_tops(rows: &[ChatSummary], show_owner: bool) -> Vec<f64> {
    let mut tops = Vec::with_capacity(rows.len() + 1);
    let mut top = 0.0;
    tops.push(top);
    for chat in rows {
        top += row_height(chat, show_owner);
        tops.push(top);
    }
    tops
}

/// The row at `y` pixels from the list's top (the last one past the end).
fn row_at(tops: &[f64], y: f64) -> usize {
    let rows = tops.len().saturating_sub(1);
    // The first row whose bottom is below `y`.
    tops[1.min(tops.len())..]
        .partition_point(|bottom| *bottom <= y)
        .min(rows.saturating_sub(1))
}

/// Which rows to render for a viewport at `scroll_top` of `height` pixels, given the
/// rows' [`row_tops`].
pub fn visible_range(tops: &[f64], scroll_top: f64, height: f64) -> (usize, usize) {
    let len = tops.len().saturating_sub(1);
    if len == 0 {
        return (0, 0);
    }
    let first = row_at(tops, scroll_top.max(0.0));
    let last = row_at(tops, scroll_top.max(0.0) + height.max(0.0));
    (
        first.saturating_sub(OVERSCAN),
        (last + 1 + OVERSCAN).min(len),
    )
}

/// The scroll position that brings row `index` fully into a viewport at `view_top` of
/// `view_height` pixels, or `None` when it is already visible (or there is no such row).
pub fn scroll_to_row(tops: &[f64], index: usize, view_top: f64, view_height: f64) -> Option<f64> {
    let (top, bottom) = (*tops.get(index)?, *tops.get(index + 1)?);
    if top < view_top {
        Some(top)
    } else if bottom > view_top + view_height {
        Some(bottom - view_height)
    } else {
        None
    }
}

/// Puts a freshly loaded first page over `rows`: its threads replace their old rows
/// and go on top, and a loaded row that is no longer on it while it should be (newer
/// than the page's oldest, or the page is the whole list) left the list (escalated to
/// someone else, say). Older rows loaded by scrolling stay below.
///
/// A search's page is not in the order of the chats' last messages (contact matches
/// come first, then chats by their matching message), so there `by_time` is false and
/// only a page that is the whole list drops the rows it lacks.
pub fn merge_first_page(
    rows: &mut Vec<ChatSummary>,
    fresh: Vec<ChatSummary>,
    more: bool,
    by_time: bool,
) {
    let oldest = fresh.last().and_then(|c| c.last_message_at);
    rows.retain(|row| {
        let on_page = fresh.iter().any(|f| f.thread_id == row.thread_id);
        let in_page_range = !more || (by_time && row.last_message_at >= oldest);
        !on_page && !in_page_range
    });
    let mut merged = fresh;
    merged.append(rows);
    *rows = merged;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chat(id: &str, minute: i64) -> ChatSummary {
        ChatSummary {
            thread_id: id.into(),
            account_id: "acc-001".into(),
            account_name: "Toko A".into(),
            contact_number: "628".into(),
            contact_display: "+62 8".into(),
            contact_name: None,
            last_message_preview: None,
            last_message_at: chrono::DateTime::from_timestamp(minute * 60, 0),
            last_message_direction: None,
            unread_count: 0,
            last_inbound_auto_reply: false,
            owner_id: None,
            owner_name: None,
            assigned_at: None,
            first_response_at: None,
            escalation_deadline: None,
            escalation_paused_until: None,
            overdue: false,
            labels: Vec::new(),
            found: None,
        }
    }

    fn ids(rows: &[ChatSummary]) -> Vec<&str> {
        rows.iter().map(|c| c.thread_id.as_str()).collect()
    }

    #[test]
    fn a_fresh_first_page_merges_in_place() {
        // Loaded: a page of 3 (b, c, a) and, by scrolling, older x and y.
        let mut rows = vec![
            chat("b", 33),
            chat("c", 30),
            chat("a", 10),
            chat("x", 5),
            chat("y", 1),
        ];
        // New message on a; b was escalated away; d is a new lead.
        let fresh = vec![chat("a", 40), chat("d", 35), chat("c", 30)];
        merge_first_page(&mut rows, fresh, true, true);
        assert_eq!(ids(&rows), ["a", "d", "c", "x", "y"]);

        // The fresh page is the whole list: nothing else stays.
        let mut rows = vec![chat("c", 30), chat("b", 20)];
        merge_first_page(&mut rows, vec![chat("c", 31)], false, true);
        assert_eq!(ids(&rows), ["c"]);
    }

    #[test]
    fn a_search_page_keeps_the_hits_loaded_below_it() {
        // A search's second page holds chats whose last message is newer than the
        // first page's last row (they were found by an older message): a refresh of
        // the first page must not drop them.
        let mut rows = vec![chat("name", 10), chat("hit", 5), chat("older-hit", 50)];
        merge_first_page(
            &mut rows,
            vec![chat("name", 12), chat("hit", 5)],
            true,
            false,
        );
        assert_eq!(ids(&rows), ["name", "hit", "older-hit"]);

        // Ordered by time, the same row would count as gone from the first page.
        let mut rows = vec![chat("name", 10), chat("hit", 5), chat("older-hit", 50)];
        merge_first_page(
            &mut rows,
            vec![chat("name", 12), chat("hit", 5)],
            true,
            true,
        );
        assert_eq!(ids(&rows), ["name", "hit"]);
    }

    fn plain(n: usize) -> Vec<f64> {
        (0..=n).map(|i| i as f64 * ROW_HEIGHT).collect()
    }

    #[test]
    fn the_keyboard_cursor_is_scrolled_into_view() {
        let tops = plain(10);
        let h = ROW_HEIGHT * 5.0;
        assert_eq!(scroll_to_row(&tops, 2, 0.0, h), None, "already visible");
        assert_eq!(
            scroll_to_row(&tops, 4, 0.0, h),
            None,
            "the last fully visible row"
        );
        assert_eq!(
            scroll_to_row(&tops, 5, 0.0, h),
            Some(ROW_HEIGHT),
            "one below"
        );
        assert_eq!(
            scroll_to_row(&tops, 3, ROW_HEIGHT * 4.0, h),
            Some(ROW_HEIGHT * 3.0),
            "above"
        );
        assert_eq!(scroll_to_row(&tops, 10, 0.0, h), None, "no such row");
    }

    #[test]
    fn only_the_rows_in_view_are_rendered() {
        let tops = plain(10_000);
        assert_eq!(visible_range(&tops, 0.0, 760.0), (0, 17));
        let (start, end) = visible_range(&tops, ROW_HEIGHT * 5_000.0, 760.0);
        assert_eq!((start, end), (4_994, 5_017));
        assert_eq!(visible_range(&tops, ROW_HEIGHT * 9_999.0, 760.0).1, 10_000);
        assert_eq!(visible_range(&plain(3), 0.0, 760.0), (0, 3));
        assert_eq!(visible_range(&plain(0), -50.0, 760.0), (0, 0));
    }

    #[test]
    fn rows_with_a_third_line_are_taller_and_the_window_follows() {
        let mut rows: Vec<ChatSummary> = (0..6).map(|i| chat(&format!("t{i}"), i)).collect();
        rows[1].labels = vec![crate::labels::LabelView {
            id: 1,
            name: "VIP".into(),
            color: "#dc2626".into(),
        }];
        let tops = row_tops(&rows, false);
        assert_eq!(
            tops,
            [0.0, 76.0, 174.0, 250.0, 326.0, 402.0, 478.0],
            "row 1 has a label line"
        );
        // An admin's rows all show the owner.
        assert_eq!(row_tops(&rows, true)[6], 6.0 * TALL_ROW_HEIGHT);
        // A viewport from 180 px, 100 px tall: rows 2 and 3 (and the overscan).
        assert_eq!(row_at(&tops, 180.0), 2);
        assert_eq!(row_at(&tops, 280.0), 3);
        assert_eq!(row_at(&tops, 10_000.0), 5, "past the end: the last row");
        assert_eq!(visible_range(&tops, 180.0, 100.0), (0, 6));
        assert_eq!(scroll_to_row(&tops, 1, 100.0, 300.0), Some(76.0));
        assert_eq!(scroll_to_row(&tops, 5, 0.0, 300.0), Some(178.0));
    }
}
