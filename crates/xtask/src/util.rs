//! Small helpers: running commands with clear failures, paths, gzip.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

/// Moves to the workspace root so every path below is relative to it.
pub fn cd_to_root() -> Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::env::set_current_dir(&root).with_context(|| format!("cannot enter {}", root.display()))
}

/// Prints and runs a command, failing with its name when it fails.
pub fn run(cmd: &mut Command) -> Result<()> {
    eprintln!("xtask: $ {}", describe(cmd));
    let status = cmd.status().with_context(|| format!("could not start `{}`", describe(cmd)))?;
    if !status.success() {
        bail!("`{}` failed ({status})", describe(cmd));
    }
    Ok(())
}

/// Runs a command, echoing its output live, and returns the output for counting results.
pub fn run_capture(cmd: &mut Command) -> Result<(bool, String)> {
    eprintln!("xtask: $ {}", describe(cmd));
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("could not start `{}`", describe(cmd)))?;
    let stderr = child.stderr.take();
    // Copy stderr on its own thread so neither pipe can fill up and block the child.
    let err_thread = std::thread::spawn(move || stderr.map(|s| tee(s, std::io::stderr())).unwrap_or_default());
    let mut out = child.stdout.take().map(|s| tee(s, std::io::stdout())).unwrap_or_default();
    let status = child.wait()?;
    out.push_str(&err_thread.join().unwrap_or_default());
    Ok((status.success(), out))
}

/// Copies everything from `reader` to `echo` as it arrives, and returns it as text.
fn tee(mut reader: impl std::io::Read, mut echo: impl Write) -> String {
    let mut text = String::new();
    let mut buf = [0u8; 8192];
    loop {
        match reader.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                let _ = echo.write_all(&buf[..n]);
                text.push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        }
    }
    text
}

/// Output of a command, or `None` if it cannot run or fails.
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.stderr(Stdio::null()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

pub fn describe(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for arg in cmd.get_args() {
        s.push(' ');
        s.push_str(&arg.to_string_lossy());
    }
    s
}

/// gzip -9 size of `bytes`.
pub fn gzip_len(bytes: &[u8]) -> u64 {
    gzip(bytes).len() as u64
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// `bytes` as an .lzma ("LZMA alone") stream with the unpacked size in its header (unpacked in
/// the page by `crates/unlzma`), made with `dictionary` as the encoder's preset dictionary (none
/// when empty): the stream's matches may reach into those bytes, which the decoder must hold
/// before the output (`unlzma`'s `decode_after`). Settings measured on the widget's wasm: the
/// most thorough preset, two literal context bits, no position bits (wasm has no alignment to
/// exploit), the longest match search, and a dictionary that holds the whole module; 21 %
/// smaller than zopfli's gzip. The header is the `.lzma` one, its size `bytes`' alone. The
/// studio's wasm is packed against the survey's, whose core and Yew it shares.
pub fn lzma_after(bytes: &[u8], dictionary: &[u8]) -> Result<Vec<u8>> {
    let mut options = lzma_rust2::LzmaOptions::with_preset(9);
    options.pb = 0;
    options.lp = 0;
    // Two literal context bits, not three: measured on the split form (docs/benchmarks.md,
    // "Size: the code split into streams"), 265-285 bytes smaller on each module.
    options.lc = 2;
    options.nice_len = lzma_rust2::LzmaOptions::NICE_LEN_MAX;
    options.dict_size = u32::try_from((dictionary.len() + bytes.len()).next_power_of_two().max(4096))?;
    // lzma-rust2 writes no header with a preset dictionary: it is written here, as it would.
    let mut packed = vec![options.get_props()];
    packed.extend_from_slice(&options.dict_size.to_le_bytes());
    packed.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    if !dictionary.is_empty() {
        options.preset_dict = Some(dictionary.to_vec());
    }
    let mut writer =
        lzma_rust2::LzmaWriter::new_no_header(packed, &options, false).map_err(|e| anyhow::anyhow!("lzma: {e}"))?;
    writer.write_all(bytes)?;
    writer.finish().map_err(|e| anyhow::anyhow!("lzma: {e}"))
}

/// A wasm module packed for the loaders (`crates/unlzma/js/unpack.js`): its length, then its
/// split form (`partnerscope_unlzma::module`: each kind of operand of its code in a stream of
/// its own) as an .lzma stream, made against `dictionary`'s split form when there is one. The
/// result is unpacked again here with the decoder the page runs and must give `module` byte
/// for byte, so a module the split form does not know fails the build, not a respondent's page.
pub fn pack_module(module: &[u8], dictionary: Option<&[u8]>) -> Result<Vec<u8>> {
    use partnerscope_unlzma::module::{split, unpack};
    let split_form = |bytes: &[u8]| {
        split(bytes).map_err(|e| {
            anyhow::anyhow!("the module's code cannot be split ({e:?}): an instruction the walk does not know?")
        })
    };
    let ours = split_form(module)?;
    let dictionary = dictionary.map(split_form).transpose()?.unwrap_or_default();
    let mut packed = u32::try_from(module.len())?.to_le_bytes().to_vec();
    packed.extend(lzma_after(&ours, &dictionary)?);
    let mut buffer = dictionary.clone();
    buffer.resize(dictionary.len() + ours.len(), 0);
    let mut out = vec![0; module.len()];
    unpack(&packed, &mut buffer, &mut out, dictionary.len()).map_err(|e| anyhow::anyhow!("unpacking: {e:?}"))?;
    if out != module {
        bail!("the packed module does not unpack to the module");
    }
    Ok(packed)
}

/// Where cargo puts build output.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| PathBuf::from("target"), PathBuf::from)
}

/// The directory holding cargo-installed binaries.
pub fn cargo_bin() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from("/root/.cargo"))
        .join("bin")
}

/// The version of `name` recorded in Cargo.lock.
pub fn locked_version(name: &str) -> Result<String> {
    let lock = std::fs::read_to_string("Cargo.lock").context("Cargo.lock is missing")?;
    let marker = format!("name = \"{name}\"\nversion = \"");
    let at = lock.find(&marker).with_context(|| format!("{name} is not in Cargo.lock"))? + marker.len();
    Ok(lock[at..].chars().take_while(|c| *c != '"').collect())
}
