//! The `serambi` command line (SPEC 14).

use clap::{Parser, Subcommand};

/// Serambi: a unified WhatsApp team inbox.
#[derive(Debug, Parser)]
#[command(name = "serambi", version, about)]
pub struct Cli {
    /// What to do; `serve` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Sub-commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create an admin account.
    CreateAdmin {
        /// Login email.
        #[arg(long)]
        email: String,
        /// Password (at least 8 characters).
        #[arg(long)]
        password: String,
        /// Display name.
        #[arg(long)]
        name: String,
    },
    /// Create the demo accounts, agents and conversations (skipped if present).
    SeedDemo,
}
