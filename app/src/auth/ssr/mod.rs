//! Server half of authentication: password hashes, sessions, throttling, extractors.

mod extract;
mod password;
mod service;
mod session;
mod throttle;

pub use extract::{Admin, Authenticated, client_ip, user_from_headers};
pub use password::{hash_password, hash_password_blocking, verify_password};
pub use service::{authenticate, ensure_admin};
pub use session::{
    SESSION_COOKIE, clear_cookie, create_session, delete_session, session_cookie,
    session_token_from_headers, user_for_token,
};
pub use throttle::LoginThrottle;
