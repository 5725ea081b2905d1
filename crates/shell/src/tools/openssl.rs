//! `openssl rand -base64 N` and `-hex N`: random bytes for key material, from a generator the
//! sandbox's seed determines (with the sandbox's clock and history, and how many draws this shell
//! made), so a replay of the same seed and commands prints the same bytes, and two draws differ.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;

use crate::output::Output;
use byok_engine::rng::Rng;
use byok_engine::Sandbox;

pub(crate) const SUPPORTS: &str =
    "rand -base64 N, rand -hex N (from the sandbox's seeded generator)";

/// The most bytes one call gives (openssl has no limit; a terminal needs one).
const MAX_BYTES: usize = 65_536;

/// Runs `openssl ARGS`; `draws` counts this shell's draws so far.
pub(crate) fn run(sandbox: &Sandbox, draws: &mut u64, args: &[String]) -> Output {
    let mut out = Output::default();
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let (encoding, count) = match words.as_slice() {
        ["rand", "-base64", n] | ["rand", n, "-base64"] => (Encoding::Base64, *n),
        ["rand", "-hex", n] | ["rand", n, "-hex"] => (Encoding::Hex, *n),
        ["rand", ..] => {
            out.err("openssl rand: the sandbox's openssl prints text only: use 'openssl rand -base64 N' or 'openssl rand -hex N'.");
            out.code = 1;
            return out;
        }
        _ => {
            out.err("openssl: the sandbox's openssl runs 'rand -base64 N' and 'rand -hex N' only (key material for 'kp key create -k' and imports).");
            out.code = 1;
            return out;
        }
    };
    let n = match count.parse::<usize>() {
        Ok(n) if n <= MAX_BYTES => n,
        Ok(_) => {
            out.err(format!(
                "openssl rand: the sandbox gives at most {MAX_BYTES} bytes at a time"
            ));
            out.code = 1;
            return out;
        }
        Err(_) => {
            out.err(format!("rand: Invalid number of bytes: {count}"));
            out.code = 1;
            return out;
        }
    };
    *draws += 1;
    let mut bytes = vec![0u8; n];
    generator(sandbox, *draws).fill(&mut bytes);
    match encoding {
        Encoding::Hex => out.out(bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()),
        Encoding::Base64 => {
            // openssl wraps its base64 at 64 characters a line.
            let text = B64.encode(&bytes);
            for line in text.as_bytes().chunks(64) {
                out.out(String::from_utf8_lossy(line));
            }
        }
    }
    out
}

enum Encoding {
    Base64,
    Hex,
}

/// A generator apart from the sandbox's own stream (drawing from that would move every id the
/// sandbox gives afterwards), seeded by the seed, the clock, the history's length and the draw.
fn generator(sandbox: &Sandbox, draw: u64) -> Rng {
    let mut mix = Rng::new(sandbox.seed() ^ 0x6f70_656e_7373_6c21);
    let salt = mix.next_u64()
        ^ (sandbox.now().0 as u64).rotate_left(17)
        ^ (sandbox.event_count() as u64).rotate_left(41)
        ^ draw.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    Rng::new(salt)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn openssl(sb: &Sandbox, draws: &mut u64, line: &str) -> Output {
        let args: Vec<String> = line.split_whitespace().map(String::from).collect();
        run(sb, draws, &args)
    }

    #[test]
    fn the_same_seed_and_draw_give_the_same_bytes_and_the_next_draw_others() {
        let (a, b) = (Sandbox::new(7), Sandbox::new(7));
        let (mut da, mut db) = (0, 0);
        let first = openssl(&a, &mut da, "rand -base64 32").stdout;
        assert_eq!(first, openssl(&b, &mut db, "rand -base64 32").stdout);
        assert_ne!(first, openssl(&a, &mut da, "rand -base64 32").stdout);
        assert_ne!(
            first,
            openssl(&Sandbox::new(8), &mut 0, "rand -base64 32").stdout
        );
        assert_eq!(B64.decode(first.trim()).unwrap().len(), 32);
    }

    #[test]
    fn hex_is_two_digits_a_byte_and_base64_wraps_at_64() {
        let sb = Sandbox::new(1);
        let hex = openssl(&sb, &mut 0, "rand -hex 16").stdout;
        assert_eq!(hex.trim().len(), 32);
        assert!(hex.trim().bytes().all(|b| b.is_ascii_hexdigit()));
        let long = openssl(&sb, &mut 0, "rand -base64 100").stdout;
        let widths: Vec<usize> = long.lines().map(str::len).collect();
        assert_eq!(widths, vec![64, 64, 8]);
    }

    #[test]
    fn other_uses_are_refused_with_a_reason() {
        let sb = Sandbox::new(1);
        for line in [
            "rand 32",
            "rand -base64 x",
            "genrsa 2048",
            "rand -hex 100000",
        ] {
            let out = openssl(&sb, &mut 0, line);
            assert_eq!(out.code, 1, "{line}");
            assert!(!out.stderr.is_empty(), "{line}");
        }
    }
}
