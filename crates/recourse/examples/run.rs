#![allow(clippy::unwrap_used, clippy::expect_used)]
fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args[1] == "--fmt" {
        let src = std::fs::read_to_string(&args[2]).unwrap();
        print!("{}", recourse::format(&src).unwrap());
        return;
    }
    let src = std::fs::read_to_string(&args[1]).unwrap();
    match recourse::Policy::compile(&src) {
        Err(d) => println!("{}", serde_json::to_string_pretty(&d).unwrap()),
        Ok(p) => {
            for w in p.warnings() {
                println!("warning {} {}:{} {}", w.code, w.line, w.column, w.message);
            }
            let claim = std::fs::read_to_string(&args[2]).unwrap();
            match p.evaluate_json(&claim, args.len() > 3) {
                Ok(d) => println!("{}", serde_json::to_string_pretty(&d).unwrap()),
                Err(e) => println!("{}", serde_json::to_string_pretty(&e).unwrap()),
            }
        }
    }
}
