fn main() -> std::process::ExitCode {
    acces::cli::main()
}
