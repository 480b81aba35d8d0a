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
    /// Send an inbound message through the simulator to the running server, as a
    /// signed webhook (the account must be a simulator account).
    Simulate {
        /// The customer's number (`0812…`, `+62…`).
        #[arg(long)]
        from: String,
        /// The account: its id (`acc-001`) or its number.
        #[arg(long)]
        to: String,
        /// Message text.
        #[arg(long)]
        body: String,
        /// The customer's WhatsApp profile name.
        #[arg(long)]
        name: Option<String>,
    },
}
