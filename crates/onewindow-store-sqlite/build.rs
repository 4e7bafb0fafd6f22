// sqlx::migrate! embeds migrations/sqlite at compile time; without this a new migration file would
// not rebuild the crate, and an old binary would run without it.
fn main() {
    println!("cargo:rerun-if-changed=../../migrations/sqlite");
}
