#![allow(clippy::unwrap_used, clippy::expect_used)]

#[test]
fn scratch() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../policies");
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "policy") {
            let src = std::fs::read_to_string(&p).unwrap();
            let out = recourse::format(&src).unwrap();
            std::fs::write(format!("/tmp/fmtbin/{}", p.file_name().unwrap().to_str().unwrap()), &out).unwrap();
        }
    }
}
