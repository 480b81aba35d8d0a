//! Smart sender selection (SPEC 5.1): which account a new message may leave from.

use serde::{Deserialize, Serialize};

/// What the composer of a new message shows, given the accounts that already have a
/// thread with the recipient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum SenderChoice {
    /// A new contact: the agent must pick an account before Send is enabled.
    PickerRequired,
    /// Exactly one account knows the contact: that account, no picker.
    Fixed {
        /// The account the message leaves from.
        account_id: String,
    },
    /// Several accounts know the contact: a picker among them, preselected with the
    /// open thread's account when it is one of them.
    Picker {
        /// The accounts to choose from.
        options: Vec<String>,
        /// The preselected account, if any.
        default: Option<String>,
    },
}

/// Why a send was refused before it reached any provider.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SenderError {
    /// No account was chosen where a choice is required.
    #[error("choose the account to send from")]
    ChoiceRequired,
    /// The chosen account is not one the composer offered.
    #[error("account '{0}' cannot send this message")]
    NotOffered(String),
}

/// Decides the composer for a recipient known on `known_accounts` (the accounts with
/// a thread for that number, in display order), while `open_thread_account` is open.
pub fn choose_sender(known_accounts: &[String], open_thread_account: Option<&str>) -> SenderChoice {
    match known_accounts {
        [] => SenderChoice::PickerRequired,
        [only] => SenderChoice::Fixed {
            account_id: only.clone(),
        },
        several => SenderChoice::Picker {
            options: several.to_vec(),
            default: open_thread_account
                .filter(|open| several.iter().any(|a| a == open))
                .map(str::to_owned),
        },
    }
}

impl SenderChoice {
    /// The account a send request may use, given what the agent `requested`. A fixed
    /// account cannot be overridden; a picker needs an explicit, offered choice.
    /// `all_accounts` are the active accounts a brand-new contact can be written from.
    pub fn resolve(
        &self,
        requested: Option<&str>,
        all_accounts: &[String],
    ) -> Result<String, SenderError> {
        match self {
            SenderChoice::Fixed { account_id } => match requested {
                None => Ok(account_id.clone()),
                Some(r) if r == account_id => Ok(account_id.clone()),
                Some(r) => Err(SenderError::NotOffered(r.to_owned())),
            },
            SenderChoice::PickerRequired => pick(requested, all_accounts),
            SenderChoice::Picker { options, .. } => pick(requested, options),
        }
    }
}

fn pick(requested: Option<&str>, offered: &[String]) -> Result<String, SenderError> {
    let chosen = requested.ok_or(SenderError::ChoiceRequired)?;
    if offered.iter().any(|a| a == chosen) {
        Ok(chosen.to_owned())
    } else {
        Err(SenderError::NotOffered(chosen.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn the_composer_follows_the_table_of_spec_5_1() {
        let cases: &[(&[&str], Option<&str>, SenderChoice)] = &[
            (&[], None, SenderChoice::PickerRequired),
            (&[], Some("acc-001"), SenderChoice::PickerRequired),
            (
                &["acc-002"],
                None,
                SenderChoice::Fixed {
                    account_id: "acc-002".into(),
                },
            ),
            (
                &["acc-002"],
                Some("acc-001"),
                SenderChoice::Fixed {
                    account_id: "acc-002".into(),
                },
            ),
            (
                &["acc-001", "acc-002"],
                Some("acc-002"),
                SenderChoice::Picker {
                    options: ids(&["acc-001", "acc-002"]),
                    default: Some("acc-002".into()),
                },
            ),
            (
                &["acc-001", "acc-002"],
                Some("acc-003"),
                SenderChoice::Picker {
                    options: ids(&["acc-001", "acc-002"]),
                    default: None,
                },
            ),
            (
                &["acc-001", "acc-002", "acc-003"],
                None,
                SenderChoice::Picker {
                    options: ids(&["acc-001", "acc-002", "acc-003"]),
                    default: None,
                },
            ),
        ];
        for (known, open, want) in cases {
            assert_eq!(
                &choose_sender(&ids(known), *open),
                want,
                "known {known:?} open {open:?}"
            );
        }
    }

    #[test]
    fn a_send_resolves_only_to_an_offered_account() {
        let all = ids(&["acc-001", "acc-002", "acc-003"]);
        let fixed = choose_sender(&ids(&["acc-002"]), None);
        let new_contact = choose_sender(&[], None);
        let several = choose_sender(&ids(&["acc-001", "acc-002"]), Some("acc-001"));
        let cases: &[(&SenderChoice, Option<&str>, Result<&str, SenderError>)] = &[
            (&fixed, None, Ok("acc-002")),
            (&fixed, Some("acc-002"), Ok("acc-002")),
            (
                &fixed,
                Some("acc-001"),
                Err(SenderError::NotOffered("acc-001".into())),
            ),
            (&new_contact, None, Err(SenderError::ChoiceRequired)),
            (&new_contact, Some("acc-003"), Ok("acc-003")),
            (
                &new_contact,
                Some("acc-999"),
                Err(SenderError::NotOffered("acc-999".into())),
            ),
            // A default is only a preselection: the request must still name it.
            (&several, None, Err(SenderError::ChoiceRequired)),
            (&several, Some("acc-002"), Ok("acc-002")),
            (
                &several,
                Some("acc-003"),
                Err(SenderError::NotOffered("acc-003".into())),
            ),
        ];
        for (choice, requested, want) in cases {
            let got = choice.resolve(*requested, &all);
            assert_eq!(
                got.as_deref().map_err(Clone::clone),
                want.clone(),
                "{choice:?} {requested:?}"
            );
        }
    }
}
