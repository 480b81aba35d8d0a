//! `serambi`: see `serambi --help`.

use app::{agents::ssr::NewAgent, auth::Role};
use clap::Parser;
use server::{
    cli::{Cli, Command},
    config::Config,
    startup,
};
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    server::memory::return_large_blocks();
    // A missing .env is normal; a broken one is worth saying.
    if let Err(e) = dotenvy::dotenv()
        && !e.not_found()
    {
        eprintln!("error: .env could not be read: {e}");
        return ExitCode::from(2);
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,tower_http=info")),
        )
        .init();
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: invalid configuration: {e}");
            return ExitCode::from(2);
        }
    };
    match run(cli.command.unwrap_or(Command::Serve), config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, config: Config) -> anyhow::Result<()> {
    match command {
        Command::Serve => startup::serve(config).await,
        Command::Migrate => {
            startup::open_database(&config).await?;
            println!("database is up to date");
            Ok(())
        }
        Command::CreateAdmin {
            email,
            password,
            name,
        } => {
            let db = startup::open_database(&config).await?;
            let admin = app::agents::ssr::create_agent(
                &db,
                NewAgent {
                    name,
                    email,
                    password,
                    role: Role::Admin,
                },
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("admin {} created (id {})", admin.email, admin.id);
            Ok(())
        }
        Command::Simulate {
            from,
            to,
            body,
            name,
        } => {
            let db = startup::open_database(&config).await?;
            let status =
                server::simulate::inbound(&db, &config, &from, &to, &body, name.as_deref()).await?;
            println!("webhook answered HTTP {status}");
            if status == 200 {
                Ok(())
            } else {
                anyhow::bail!("the server refused the simulated message (HTTP {status})")
            }
        }
        Command::SeedDemo => {
            let db = startup::open_database(&config).await?;
            if app::demo::seed(&db)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?
            {
                println!("demo data created");
            } else if !app::demo::may_run(&db)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?
            {
                println!("not seeded: this database has agents of its own");
            } else {
                println!("demo data already present");
            }
            Ok(())
        }
    }
}
