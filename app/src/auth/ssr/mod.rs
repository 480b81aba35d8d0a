//! Server half of authentication: password hashes, sessions, throttling, extractors.

mod extract;
mod password;
mod proxies;
mod service;
mod session;
mod throttle;
mod visibility;

pub use extract::{Admin, Authenticated, client_ip, user_from_headers};
pub use password::{hash_password, hash_password_blocking, verify_password};
pub use proxies::TrustedProxies;
pub use service::{authenticate, ensure_admin};
pub use session::{
    MAX_LIFETIME_DAYS, SESSION_COOKIE, clear_cookie, create_session, delete_session, log_out,
    session_cookie, session_token_from_headers, user_for_token,
};
pub use throttle::LoginThrottle;
