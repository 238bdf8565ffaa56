// A build allocates and frees millions of small values (the model, the
// template contexts, the documents); mimalloc does that in about half the
// time of the system allocator and returns memory sooner (README,
// Performance).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // Rust ignores SIGPIPE, so that printing into a closed pipe
    // (`outsec explain | head`) fails, and `println!` then panics. Like
    // every other command-line tool, outsec ends quietly instead.
    #[cfg(unix)]
    // SAFETY: called first in `main`, before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    outsec::cli::main()
}
