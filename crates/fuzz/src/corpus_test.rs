//! Replays the kept corpus through every target without AFL++ (`cargo test --lib` here),
//! so an input that once crashed a target stays a regression test, and checks that every
//! `src/bin` target has a corpus and an entry in `targets::ALL`.

use std::path::Path;

#[test]
fn every_kept_input_passes_its_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut bins: Vec<String> = std::fs::read_dir(root.join("src/bin"))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    bins.sort();
    let names: Vec<&str> = crate::targets::ALL.iter().map(|(n, _)| *n).collect();
    assert_eq!(bins, names, "src/bin and targets::ALL differ");
    for (name, target) in crate::targets::ALL {
        let dir = root.join("corpus").join(name);
        let mut count = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let input = std::fs::read(&path).unwrap();
            let ok = std::panic::catch_unwind(|| target(&input));
            assert!(ok.is_ok(), "{name} panics on {}", path.display());
            count += 1;
        }
        assert!(count > 0, "{name} has no corpus");
    }
}
