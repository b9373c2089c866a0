//! The `ferrolab` binary: parse the command line and hand each verb to its module.

mod cli;
mod coach;
mod crates;
mod data_cmd;
mod doctor;
mod evcxr_build;
mod exercise_cmds;
mod files;
mod flavors;
mod kernel;
mod lab;
#[cfg(test)]
mod layers;
mod maintainer;
mod prebuild;
mod process;
mod project;
mod setup;
mod steps;
mod test_cmd;

use clap::Parser;
use cli::{Cli, Command};
use project::Project;

fn main() {
    let cli = Cli::parse();
    if let Err(error) = run(cli) {
        eprintln!("error: {error}");
        for cause in error.chain().skip(1) {
            eprintln!("  because: {cause}");
        }
        std::process::exit(1);
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let project = Project::locate()?;
    match &cli.command {
        Command::Setup(args) => setup::run(&project, args).map(|_| ()),
        Command::Lab(args) => lab::lab(&project, args),
        Command::Repl(args) => lab::repl(&project, args),
        Command::Doctor => {
            if !doctor::run(&project)? {
                std::process::exit(1);
            }
            Ok(())
        }
        Command::Test(args) => test_cmd::run(&project, args),
        Command::Data(command) => data_cmd::run(&project, command),
        Command::Kernel(args) => kernel::run(&project, args.flavor, &args.connection_file),
        Command::List
        | Command::Check { .. }
        | Command::Watch { .. }
        | Command::Hint { .. }
        | Command::Solution { .. }
        | Command::Reset { .. } => exercise_cmds::run(&project, &cli.command),
        Command::Bench(args) => maintainer::bench::run(&project, args),
        Command::Dev(command) => maintainer::dev::run(&project, command),
    }
}
