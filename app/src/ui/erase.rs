//! Type erasure of views on the server only.
//!
//! `.into_any()` at the end of a component makes the browser's bundle keep every way
//! of drawing that view (build, rebuild, hydration and the asynchronous hydration that
//! lazy routes need), used or not: in the inbox that was 68 KB of brotli. Without it,
//! the server's rendering of the same components nests one type in the next, deep
//! enough that a debug build overflows a thread's stack. An erased view renders the
//! same HTML as the view itself, so the server may erase what the browser keeps whole.

use leptos::prelude::*;

/// A view that is erased on the server and kept as it is in the browser.
pub trait EraseOnServer: Sized {
    /// `AnyView` on the server, the view's own type in the browser.
    type Output: IntoView;

    /// The view, erased if this is the server.
    fn erase_on_server(self) -> Self::Output;
}

#[cfg(feature = "ssr")]
impl<T: IntoAny> EraseOnServer for T {
    type Output = AnyView;

    fn erase_on_server(self) -> AnyView {
        self.into_any()
    }
}

#[cfg(not(feature = "ssr"))]
impl<T: IntoView> EraseOnServer for T {
    type Output = T;

    fn erase_on_server(self) -> T {
        self
    }
}
