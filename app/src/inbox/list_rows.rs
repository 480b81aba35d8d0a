//! The chat list's row arithmetic, apart from the view so it is tested on its own:
//! which of thousands of fixed-height rows to render, where to scroll so the keyboard
//! cursor stays visible, and how a reloaded first page merges into the loaded rows.

use super::ChatSummary;

/// Height of one row in pixels; rows are fixed-height so the window can be computed.
pub const ROW_HEIGHT: f64 = 76.0;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 6;

/// Which rows of `len` to render for a viewport at `scroll_top` of `height` pixels.
pub fn visible_range(scroll_top: f64, height: f64, len: usize) -> (usize, usize) {
    let first = (scroll_top.max(0.0) / ROW_HEIGHT).floor() as usize;
    let start = first.saturating_sub(OVERSCAN).min(len);
    let shown = (height.max(0.0) / ROW_HEIGHT).ceil() as usize + 2 * OVERSCAN;
    (start, (start + shown).min(len))
}

/// The scroll position that brings row `index` fully into a viewport at `view_top` of
/// `view_height` pixels, or `None` when it is already visible.
pub fn scroll_to_row(index: usize, view_top: f64, view_height: f64) -> Option<f64> {
    let top = index as f64 * ROW_HEIGHT;
    if top < view_top {
        Some(top)
    } else if top + ROW_HEIGHT > view_top + view_height {
        Some(top + ROW_HEIGHT - view_height)
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

    #[test]
    fn the_keyboard_cursor_is_scrolled_into_view() {
        let h = ROW_HEIGHT * 5.0;
        assert_eq!(scroll_to_row(2, 0.0, h), None, "already visible");
        assert_eq!(scroll_to_row(4, 0.0, h), None, "the last fully visible row");
        assert_eq!(scroll_to_row(5, 0.0, h), Some(ROW_HEIGHT), "one below");
        assert_eq!(
            scroll_to_row(3, ROW_HEIGHT * 4.0, h),
            Some(ROW_HEIGHT * 3.0),
            "above"
        );
    }

    #[test]
    fn only_the_rows_in_view_are_rendered() {
        assert_eq!(visible_range(0.0, 760.0, 10_000), (0, 22));
        let (start, end) = visible_range(ROW_HEIGHT * 5_000.0, 760.0, 10_000);
        assert_eq!((start, end), (4_994, 5_016));
        assert_eq!(visible_range(ROW_HEIGHT * 9_999.0, 760.0, 10_000).1, 10_000);
        assert_eq!(visible_range(0.0, 760.0, 3), (0, 3));
        assert_eq!(visible_range(-50.0, 760.0, 0), (0, 0));
    }
}
