//! Print the OpenAPI 3.1 document of icce's JSON contract (see `icce_core::schema`).
fn main() {
    match serde_json::to_string_pretty(&icce_core::schema::openapi()) {
        Ok(s) => println!("{s}"),
        Err(e) => {
            eprintln!("cannot write the document: {e}");
            std::process::exit(1);
        }
    }
}
