//! Minifies the report's stylesheet before it is compiled in, with the widget's minifier:
//! comments and indentation cost bytes in every copy of the file.

include!("../widget/minify_css.rs");

fn main() {
    let source = "../../www/report.css";
    println!("cargo::rerun-if-changed={source}");
    let css = std::fs::read_to_string(source).expect("www/report.css exists");
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("report.css");
    std::fs::write(out, minify_css(&css)).expect("OUT_DIR is writable");
}
