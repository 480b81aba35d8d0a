//! `cargo run -p migrations -- up|down|status|fresh`: the sea-orm migration CLI for
//! Serambi's schema. It reads `DATABASE_URL` like the server does.

use sea_orm_migration::prelude::*;

#[tokio::main]
async fn main() {
    cli::run_cli(migrations::Migrator).await;
}
