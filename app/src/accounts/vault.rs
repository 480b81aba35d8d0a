//! Twilio auth tokens at rest. With `SERAMBI_SECRET_KEY` set, a token is stored sealed
//! with ChaCha20-Poly1305 (`enc:v1:` + base64 of nonce and ciphertext), bound to its
//! account's id so a sealed token copied onto another account does not open. Without
//! a key tokens are stored as given; setting a key later seals them at the next start.

use crate::{db::accounts, error::AppError};
use base64::{Engine, engine::general_purpose::STANDARD_NO_PAD};
use chacha20poly1305::{
    AeadCore, ChaCha20Poly1305, Key, KeyInit, Nonce,
    aead::{Aead, OsRng, Payload},
};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

/// What a sealed token starts with.
pub const SEALED: &str = "enc:v1:";
const NONCE_LEN: usize = 12;

/// Why a stored token could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VaultError {
    /// The token is sealed and no key is configured.
    #[error("the auth token is stored encrypted and SERAMBI_SECRET_KEY is not set")]
    NoKey,
    /// The key is not the one it was sealed with, or the text was altered.
    #[error("the auth token does not open with SERAMBI_SECRET_KEY (another key, or altered)")]
    WrongKey,
}

/// Seals and opens auth tokens; holds the key, if one is configured.
#[derive(Clone, Default)]
pub struct TokenVault {
    cipher: Option<ChaCha20Poly1305>,
}

impl std::fmt::Debug for TokenVault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenVault")
            .field("sealing", &self.is_sealing())
            .finish()
    }
}

/// Reads a 32-byte key written as 64 hex digits or as base64.
pub fn parse_key(text: &str) -> Result<[u8; 32], String> {
    let text = text.trim();
    let bytes = hex::decode(text)
        .ok()
        .or_else(|| base64::engine::general_purpose::STANDARD.decode(text).ok())
        .ok_or("is neither hex nor base64 (make one with `openssl rand -hex 32`)")?;
    bytes
        .try_into()
        .map_err(|b: Vec<u8>| format!("is {} bytes; it must be 32", b.len()))
}

impl TokenVault {
    /// A vault sealing with `key`, or storing tokens as given without one.
    pub fn new(key: Option<[u8; 32]>) -> Self {
        Self {
            cipher: key.map(|k| ChaCha20Poly1305::new(Key::from_slice(&k))),
        }
    }

    /// Whether tokens are stored sealed.
    pub fn is_sealing(&self) -> bool {
        self.cipher.is_some()
    }

    /// What to store for `account`'s `token`: sealed when a key is configured.
    pub fn seal(&self, account: &str, token: &str) -> Result<String, AppError> {
        let Some(cipher) = &self.cipher else {
            return Ok(token.to_owned());
        };
        let nonce = ChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: token.as_bytes(),
                    aad: account.as_bytes(),
                },
            )
            .map_err(|_| AppError::internal("sealing an auth token failed"))?;
        let mut bytes = nonce.to_vec();
        bytes.extend(sealed);
        Ok(format!("{SEALED}{}", STANDARD_NO_PAD.encode(bytes)))
    }

    /// The token `account` stored: as it is when stored plain, opened when sealed.
    pub fn open(&self, account: &str, stored: &str) -> Result<String, VaultError> {
        let Some(body) = stored.strip_prefix(SEALED) else {
            return Ok(stored.to_owned());
        };
        let cipher = self.cipher.as_ref().ok_or(VaultError::NoKey)?;
        let bytes = STANDARD_NO_PAD
            .decode(body)
            .map_err(|_| VaultError::WrongKey)?;
        if bytes.len() < NONCE_LEN {
            return Err(VaultError::WrongKey);
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let plain = cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: account.as_bytes(),
                },
            )
            .map_err(|_| VaultError::WrongKey)?;
        String::from_utf8(plain).map_err(|_| VaultError::WrongKey)
    }
}

/// At start: seals every token still stored plain when a key is configured, and
/// warns about sealed tokens that cannot be opened. Returns how many it sealed.
pub async fn seal_stored_tokens(
    db: &impl ConnectionTrait,
    vault: &TokenVault,
) -> Result<usize, AppError> {
    let stored = accounts::Entity::find()
        .filter(accounts::Column::TwilioAuthToken.is_not_null())
        .all(db)
        .await?;
    let mut sealed = 0;
    for account in stored {
        let Some(token) = account.twilio_auth_token.clone() else {
            continue;
        };
        if token.starts_with(SEALED) {
            if let Err(e) = vault.open(&account.id, &token) {
                tracing::warn!(account = %account.id, "{e}: it cannot call Twilio");
            }
            continue;
        }
        if !vault.is_sealing() {
            continue;
        }
        let id = account.id.clone();
        let mut model: accounts::ActiveModel = account.into();
        model.twilio_auth_token = Set(Some(vault.seal(&id, &token)?));
        model.update(db).await?;
        sealed += 1;
    }
    Ok(sealed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: [u8; 32] = [7; 32];

    #[test]
    fn sealed_tokens_open_only_with_their_key_and_account() {
        let vault = TokenVault::new(Some(KEY));
        let sealed = vault.seal("acc-001", "secret-token-1234").unwrap();
        assert!(sealed.starts_with(SEALED));
        assert!(!sealed.contains("secret"));
        assert_eq!(vault.open("acc-001", &sealed).unwrap(), "secret-token-1234");
        // A fresh nonce each time.
        assert_ne!(vault.seal("acc-001", "secret-token-1234").unwrap(), sealed);
        assert_eq!(vault.open("acc-002", &sealed), Err(VaultError::WrongKey));
        assert_eq!(
            TokenVault::new(Some([8; 32])).open("acc-001", &sealed),
            Err(VaultError::WrongKey)
        );
        assert_eq!(
            TokenVault::default().open("acc-001", &sealed),
            Err(VaultError::NoKey)
        );
        let mut altered = sealed.clone();
        altered.pop();
        altered.push(if sealed.ends_with('A') { 'B' } else { 'A' });
        assert_eq!(vault.open("acc-001", &altered), Err(VaultError::WrongKey));
        assert_eq!(vault.open("acc-001", "enc:v1:"), Err(VaultError::WrongKey));
    }

    #[test]
    fn without_a_key_tokens_stay_as_given() {
        let vault = TokenVault::default();
        assert!(!vault.is_sealing());
        assert_eq!(vault.seal("acc-001", "plain").unwrap(), "plain");
        assert_eq!(vault.open("acc-001", "plain").unwrap(), "plain");
        assert_eq!(
            TokenVault::new(Some(KEY)).open("acc-001", "plain").unwrap(),
            "plain"
        );
    }

    #[test]
    fn keys_are_hex_or_base64_of_32_bytes() {
        assert_eq!(parse_key(&"07".repeat(32)), Ok(KEY));
        assert_eq!(
            parse_key(&base64::engine::general_purpose::STANDARD.encode(KEY)),
            Ok(KEY)
        );
        assert!(parse_key("abcd").unwrap_err().contains("2 bytes"));
        assert!(parse_key("not a key!").unwrap_err().contains("openssl"));
    }
}
