//! Rebuilds when a file is added to the folders embedded in the binary (include_dir only
//! notices changes to files it already knows).

fn main() {
    for dir in ["locales", "db/migrations", "db/postgres", "db/seed"] {
        println!("cargo:rerun-if-changed={dir}");
    }
}
