//! Minifies the widget's stylesheet before it is compiled in: comments and indentation cost bytes
//! in every copy of the widget and help no one at run time. `www/partnerscope.css` stays readable.

include!("minify_css.rs");

fn main() {
    let source = "../../www/partnerscope.css";
    println!("cargo::rerun-if-changed={source}");
    let css = std::fs::read_to_string(source).expect("www/partnerscope.css exists");
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("partnerscope.css");
    std::fs::write(out, minify_css(&css)).expect("OUT_DIR is writable");
}
