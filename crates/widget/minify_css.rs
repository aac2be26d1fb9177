// Shared by the build scripts of the widget and the report (`include!`d): CSS without comments
// and needless white space.

fn minify_css(css: &str) -> String {
    // Drop comments.
    let mut text = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start + 2..].find("*/").map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    text.push_str(rest);
    // Collapse white space, then remove it around punctuation where CSS allows.
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(collapsed.len());
    let chars: Vec<char> = collapsed.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let before = i.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i + 1).copied();
            // Never before ':': in a selector, ".a :focus" and ".a:focus" differ.
            let tight_before = matches!(before, Some('{' | '}' | ';' | ':' | ','));
            let tight_after = matches!(after, Some('{' | '}' | ';' | ','));
            if tight_before || tight_after {
                continue;
            }
        }
        out.push(c);
    }
    out
}
