//! A label as a coloured chip, in the list rows, the chat header and the admin page.

use super::{rules::clean_color, text_on};
use leptos::prelude::*;

/// A chip in the label's colour, with readable text.
#[component]
pub fn LabelChip(name: String, color: String) -> impl IntoView {
    // Only `#rrggbb` reaches the style; anything else shows grey.
    let color = clean_color(&color).unwrap_or_else(|_| "#64748b".into());
    let style = format!("background-color:{color};color:{}", text_on(&color));
    view! {
        <span
            class="inline-block max-w-[12rem] truncate rounded-full px-2 py-0.5 text-xs font-medium"
            style=style
            data-testid="label-chip"
        >
            {name}
        </span>
    }
}
