//! byok-sandbox-server: the sandbox's engine over HTTP on a local port, so IBM's SDKs, the
//! `ibmcloud` CLI and test suites run against it unmodified, with the virtual clock under the test's
//! control. The browser app is the same engine; a state exported from one loads in the other.

mod app;
mod args;
mod control;
mod http;
mod live;
mod routes;

use std::io::Write as _;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;

use crate::app::App;
use crate::live::Live;

fn main() -> ExitCode {
    let options = match args::parse(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("byok-sandbox-server: {e}\n\n{}", args::USAGE);
            return ExitCode::from(2);
        }
    };
    if options.help {
        println!("{}", args::USAGE);
        return ExitCode::SUCCESS;
    }
    let live = match Live::start(options.seed, options.state.clone()) {
        Ok(live) => live,
        Err(e) => {
            eprintln!("byok-sandbox-server: {e}");
            return ExitCode::from(1);
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime starts");
    match runtime.block_on(serve(options, live)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("byok-sandbox-server: {e}");
            ExitCode::from(1)
        }
    }
}

/// Listens, says where on stdout's first line, and serves until SIGINT or SIGTERM; then writes the
/// state one last time.
async fn serve(options: args::Options, live: Live) -> Result<(), String> {
    // An IPv6 address takes brackets before its port.
    let address = match options.host.contains(':') && !options.host.starts_with('[') {
        true => format!("[{}]:{}", options.host, options.port),
        false => format!("{}:{}", options.host, options.port),
    };
    let listener = tokio::net::TcpListener::bind(&address)
        .await
        .map_err(|e| format!("cannot listen on {address}: {e}"))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    let url = format!("http://{local}");
    announce(&live, &url, options.state.as_deref());
    let app = Arc::new(App {
        live: Mutex::new(live),
        url,
        token_ttl: options.token_ttl,
    });
    let router = Router::new()
        .fallback(routes::handle)
        .with_state(app.clone())
        .layer(CompressionLayer::new())
        .layer(CatchPanicLayer::custom(routes::panic_response));
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| format!("the server stopped: {e}"))?;
    app.live()
        .save()
        .map_err(|e| format!("could not write the state file on the way out: {e}"))?;
    eprintln!("byok-sandbox-server: stopped");
    Ok(())
}

/// The first line on stdout (one JSON object, for scripts), then a banner on stderr (for people).
fn announce(live: &Live, url: &str, state: Option<&std::path::Path>) {
    let intro = live.intro(url);
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{intro}");
    let _ = out.flush();
    eprintln!(
        "byok-sandbox-server: Key Protect, IAM, Resource Controller and Cloud Databases at {url}"
    );
    eprintln!(
        "  instance (bluemix-instance): {}",
        intro["instance"].as_str().unwrap_or("")
    );
    for user in intro["users"].as_array().into_iter().flatten() {
        eprintln!(
            "  {:<6} {:<18} apikey {}",
            user["name"].as_str().unwrap_or(""),
            user["role"].as_str().unwrap_or(""),
            user["apikey"].as_str().unwrap_or("")
        );
    }
    eprintln!("  seed {}; virtual time {}", live.sb.seed(), live.sb.now());
    match state {
        Some(path) => eprintln!("  state saved to {} after every change", path.display()),
        None => eprintln!("  state kept in memory (use --state FILE to keep it)"),
    }
}

/// Resolves at the first SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
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
        _ = interrupt => {},
        _ = terminate => {},
    }
}
