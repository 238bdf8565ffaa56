// A build allocates and frees millions of small values (the model, the
// template contexts, the documents); mimalloc does that in about half the
// time of the system allocator and returns memory sooner (README,
// Performance).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(outsec::cli::main());
}
