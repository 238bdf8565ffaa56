fn main() {
    std::process::exit(outsec::cli::main());
}
