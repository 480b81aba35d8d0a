//! Logging in and out, who is logged in, and what their role allows.

mod login_page;
mod server_fns;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use login_page::LoginPage;
pub use server_fns::{DemoLogins, Login, Logout, demo_logins, login, logout, whoami};

use serde::{Deserialize, Serialize};

pub use crate::domain::Role;

/// The logged-in user, as the browser and API clients see them.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CurrentUser {
    /// Agent id.
    pub id: i64,
    /// Display name.
    pub name: String,
    /// Login email, lowercase.
    pub email: String,
    /// Role.
    pub role: Role,
}

impl CurrentUser {
    /// True for admins.
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// `Forbidden` unless this user is an admin: the check every admin-only service
    /// function starts with, whatever the page or endpoint in front of it hides.
    #[cfg(feature = "ssr")]
    pub fn require_admin(&self) -> Result<(), crate::AppError> {
        if self.is_admin() {
            Ok(())
        } else {
            Err(crate::AppError::Forbidden)
        }
    }

    /// May this user see a thread owned by `owner` (its messages, media, events)?
    /// Admins see every thread; an agent sees the threads they own. The chat list's
    /// owner filter is the same rule written as a query (`inbox::ssr`).
    /// (The database asks the same through `thread_scope`, on the server.)
    pub fn may_see(&self, owner: Option<i64>) -> bool {
        self.is_admin() || owner == Some(self.id)
    }

    /// May this user write in a thread owned by `owner` (reply, resend, mark read)?
    /// Whoever may see it: its owner and admins.
    pub fn may_write(&self, owner: Option<i64>) -> bool {
        self.may_see(owner)
    }
}

/// Body of `POST /api/auth/login`.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginRequest {
    /// Login email (case-insensitive).
    pub email: String,
    /// Password.
    pub password: String,
}
