//! From configuration to a running server: connect, migrate, bootstrap, serve.

use crate::config::Config;
use anyhow::Context;
use app::{
    db::connect,
    messaging::ssr::{Intake, settings::simulator_token},
    providers::{simulator::Simulator, twilio::TwilioClient},
    state::{AppState, Runtime, TwilioDefaults},
};
use leptos::config::LeptosOptions;
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait};
use std::{net::SocketAddr, sync::Arc};

/// Connects to the database and applies pending migrations. A failed migration is an
/// error: the server never serves a half-migrated schema.
pub async fn open_database(config: &Config) -> anyhow::Result<DatabaseConnection> {
    let db = connect::connect(&config.database_url).await?;
    connect::migrate(&db).await?;
    Ok(db)
}

/// First-start work: demo data in demo mode, the admin from the environment, and a
/// warning when nobody could log in.
pub async fn bootstrap(db: &DatabaseConnection, config: &Config) -> anyhow::Result<()> {
    let timeout = chrono::Duration::from_std(config.escalation_timeout)
        .unwrap_or_else(|_| chrono::Duration::minutes(5));
    app::escalation::ssr::ensure_timeout(db, timeout)
        .await
        .map_err(|e| anyhow::anyhow!("storing the escalation timeout failed: {e}"))?;
    // The configured admin first: a database with agents of its own never gets the
    // demo's published logins (`demo::may_run`).
    if let Some(admin) = &config.admin {
        let created = app::auth::ssr::ensure_admin(db, &admin.email, admin.password.expose())
            .await
            .map_err(|e| {
                anyhow::anyhow!("creating the admin from SERAMBI_ADMIN_EMAIL failed: {e}")
            })?;
        if created {
            tracing::info!(email = %admin.email, "admin created");
        }
    }
    if config.demo {
        if Box::pin(app::demo::seed(db))
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?
        {
            tracing::info!("demo data created");
        } else if !demo_runs(db, config).await? {
            tracing::warn!(
                "SERAMBI_DEMO is on, but this database has agents of its own: the demo \
                 stays off (no demo logins, no simulator)"
            );
        }
    }
    let sealed = app::accounts::vault::seal_stored_tokens(db, &config.token_vault())
        .await
        .map_err(|e| anyhow::anyhow!("encrypting stored auth tokens failed: {e}"))?;
    if sealed > 0 {
        tracing::info!(
            accounts = sealed,
            "auth tokens encrypted with SERAMBI_SECRET_KEY"
        );
    }
    if app::db::agents::Entity::find().count(db).await? == 0 {
        tracing::warn!(
            "no agent exists yet: set SERAMBI_ADMIN_EMAIL and SERAMBI_ADMIN_PASSWORD, \
             or run `serambi create-admin --email … --password … --name …`"
        );
    }
    Ok(())
}

/// Whether the demo runs: asked for (or the embedded default) and the database holds
/// nothing but the demo's own agents.
pub async fn demo_runs(db: &DatabaseConnection, config: &Config) -> anyhow::Result<bool> {
    Ok(config.demo
        && app::demo::may_run(db)
            .await
            .map_err(|e| anyhow::anyhow!("reading the agents failed: {e}"))?)
}

/// The Leptos site settings. `cargo leptos` passes them in the environment; a binary
/// started directly (`target/release/serambi` from the repository root) falls back to
/// the layout `cargo leptos build` produces.
pub fn leptos_options(site_addr: SocketAddr) -> LeptosOptions {
    let mut options = leptos::config::get_configuration(None)
        .map(|c| c.leptos_options)
        .unwrap_or_else(|_| {
            LeptosOptions::builder()
                .output_name("serambi")
                .site_root("target/site")
                .site_pkg_dir("pkg")
                .build()
        });
    options.site_addr = site_addr;
    // `cargo leptos` says whether file names are hashed in LEPTOS_HASH_FILES; a binary
    // started on its own knows from the `hash.txt` the build wrote beside it.
    if std::env::var_os("LEPTOS_HASH_FILES").is_none() {
        options.hash_files = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())))
            .is_some_and(|file| file.is_file());
    }
    options
}

/// The shared state for a configuration and an open, bootstrapped database.
pub async fn app_state(config: &Config, db: DatabaseConnection) -> anyhow::Result<AppState> {
    let mut runtime = Runtime::new(
        config.public_base_url.clone(),
        demo_runs(&db, config).await?,
        db.get_database_backend(),
    );
    runtime.twilio = TwilioDefaults {
        account_sid: config.twilio_account_sid.clone(),
        auth_token: config.twilio_auth_token.clone(),
        api_base_url: config.twilio_api_base_url.clone(),
    };
    runtime.simulator_token = app::secret::Secret::new(
        simulator_token(&db)
            .await
            .map_err(|e| anyhow::anyhow!("reading the simulator token failed: {e}"))?,
    );
    runtime.twilio_client =
        TwilioClient::with_timeout(config.twilio_api_base_url.clone(), config.twilio_timeout);
    runtime.media_dir = config.media_dir.clone();
    runtime.upload_limit =
        app::messaging::ssr::upload::UploadLimiter::new(config.upload_quota, config.media_min_free);
    runtime.intake = Intake::start(db.clone(), runtime.write_gate.clone());
    runtime.hub = Some(
        app::realtime::ssr::Hub::start(db.clone())
            .await
            .map_err(|e| anyhow::anyhow!("starting the event hub failed: {e}"))?,
    );
    runtime.cron_secret = config.cron_secret.clone();
    runtime.vault = config.token_vault();
    runtime.trusted_proxies = config.trusted_proxies.clone();
    runtime.simulator = Simulator::new(
        config.public_base_url.clone(),
        runtime.simulator_token.expose().to_owned(),
    );
    Ok(AppState {
        db,
        leptos_options: leptos_options(config.site_addr),
        runtime: Arc::new(runtime),
    })
}

/// Runs the server until Ctrl-C or SIGTERM, then finishes in-flight requests.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let db = open_database(&config).await?;
    bootstrap(&db, &config).await?;
    let state = app_state(&config, db).await?;
    let router = crate::router(state.clone());
    let listener = tokio::net::TcpListener::bind(config.site_addr)
        .await
        .with_context(|| {
            format!(
                "cannot listen on {} (LEPTOS_SITE_ADDR); is another server running there?",
                config.site_addr
            )
        })?;
    print_welcome(&config, state.runtime.demo);
    // One shutdown signal, seen by the HTTP server and the workers alike.
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let stopped = move || {
        let mut rx = stop_rx.clone();
        async move {
            let _ = rx.wait_for(|stop| *stop).await;
        }
    };
    let outbox = tokio::spawn(crate::workers::run_outbox(state.clone(), stopped()));
    let housekeeping = tokio::spawn(crate::workers::run_housekeeping(state.clone(), stopped()));
    let escalation = tokio::spawn(crate::workers::run_escalation(state, stopped()));
    let server = axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(stopped());
    tokio::spawn(async move {
        shutdown_signal().await;
        let _ = stop_tx.send(true);
    });
    let result = server
        .await
        .context("the HTTP server stopped with an error");
    // Let the outbox finish the message it is handing over.
    let _ = outbox.await;
    let _ = escalation.await;
    let _ = housekeeping.await;
    result
}

fn print_welcome(config: &Config, demo: bool) {
    println!("\nSerambi is running at {}/inbox", config.public_base_url);
    println!(
        "Database: {}",
        app::db::connect::redact(&config.database_url)
    );
    if demo {
        println!("Demo logins:");
        for (email, password, _, role) in app::demo::LOGINS {
            println!("  {:<22} {:<14} ({})", email, password, role.as_str());
        }
    }
    println!();
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
