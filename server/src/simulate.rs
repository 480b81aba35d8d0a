//! `serambi simulate`: plays an inbound message through the simulator, so it travels
//! the same signed-webhook path as a real Twilio message.

use crate::config::Config;
use anyhow::{Context, bail};
use app::{
    db::accounts,
    domain::{PhoneNumber, phone::DEFAULT_REGION},
    messaging::ssr::settings::simulator_token,
    providers::simulator::Simulator,
};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter};

/// Posts a signed inbound message from `from` to the simulator account `to` (id or
/// number) at the server's `PUBLIC_BASE_URL`; returns the webhook's HTTP status.
pub async fn inbound(
    db: &DatabaseConnection,
    config: &Config,
    from: &str,
    to: &str,
    body: &str,
    profile_name: Option<&str>,
) -> anyhow::Result<u16> {
    let from = PhoneNumber::parse(from, Some(DEFAULT_REGION))
        .with_context(|| format!("--from '{from}'"))?;
    let to_digits = PhoneNumber::parse(to, Some(DEFAULT_REGION))
        .map(|p| p.digits().to_owned())
        .ok();
    let account = accounts::Entity::find()
        .filter(
            Condition::any()
                .add(accounts::Column::Id.eq(to))
                .add(accounts::Column::PhoneNumber.eq(to_digits.unwrap_or_default())),
        )
        .one(db)
        .await?
        .with_context(|| format!("no account has the id or number '{to}'"))?;
    if account.provider != app::domain::Provider::Simulator {
        bail!(
            "account {} uses {}, not the simulator",
            account.id,
            account.provider
        );
    }
    let token = simulator_token(db)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let simulator = Simulator::new(config.public_base_url.clone(), token);
    let to = PhoneNumber::from_trusted_digits(account.phone_number);
    simulator
        .inbound(&from, &to, body, profile_name)
        .await
        .map_err(|e| anyhow::anyhow!("cannot reach the server at {}: {e}", config.public_base_url))
}
