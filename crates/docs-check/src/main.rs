//! `byok-docs-check [--json] [--strict] [--verbose] [--seed N] [--setup LINE]... FILE.md...`

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = byok_docs_check::cli::run(&args, &mut std::io::stdout(), &mut std::io::stderr());
    std::process::exit(code);
}
