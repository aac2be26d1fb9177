//! Minifies the studio's stylesheet before it is compiled in, with the widget's minifier.

include!("../widget/minify_css.rs");

fn main() {
    let source = "../../www/studio.css";
    println!("cargo::rerun-if-changed={source}");
    let css = std::fs::read_to_string(source).expect("www/studio.css exists");
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("studio.css");
    std::fs::write(out, minify_css(&css)).expect("OUT_DIR is writable");
}
