//! The kernel flavours: which prelude features each Jupyter kernel (and the REPL) loads.
//!
//! A module of its own, with no imports from the rest of the CLI, so the command line
//! (`--flavor`), the kernels, the pre-build and doctor can all name flavours by type.

use clap::ValueEnum;

/// A kernel flavour: which prelude features it loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flavor {
    /// Short name (`full`, `math`, ...): the `--flavor` value and the cache folder's name.
    pub name: &'static str,
    /// The kernel spec name notebooks refer to.
    pub spec: &'static str,
    /// What JupyterLab's launcher shows.
    pub display_name: &'static str,
    /// Cargo features of the `ferrolab` crate.
    pub features: &'static [&'static str],
}

const FULL: Flavor = Flavor {
    name: "full",
    spec: "ferrolab",
    display_name: "Rust · ferrolab",
    features: &["full"],
};
const MATH: Flavor = Flavor {
    name: "math",
    spec: "ferrolab-math",
    display_name: "Rust · ferrolab (math)",
    features: &["math"],
};
const ML: Flavor = Flavor {
    name: "ml",
    spec: "ferrolab-ml",
    display_name: "Rust · ferrolab (data + ML)",
    features: &["ml"],
};
const DL: Flavor = Flavor {
    name: "dl",
    spec: "ferrolab-dl",
    display_name: "Rust · ferrolab (deep learning)",
    features: &["dl"],
};

/// Every flavour. `full` is the default kernel (`ferrolab`); the lean ones keep
/// heavy crates out of light lessons, because every crate in the graph slows every cell.
pub const FLAVORS: &[Flavor] = &[FULL, MATH, ML, DL];

/// A flavour as the command line names it (`--flavor math`). The kernel spec's name
/// (`ferrolab-math`) is accepted too, as the launcher always accepted it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FlavorName {
    #[value(alias = "ferrolab")]
    Full,
    #[value(alias = "ferrolab-math")]
    Math,
    #[value(alias = "ferrolab-ml")]
    Ml,
    #[value(alias = "ferrolab-dl")]
    Dl,
}

impl FlavorName {
    /// The flavour this name stands for.
    pub fn flavor(self) -> Flavor {
        match self {
            FlavorName::Full => FULL,
            FlavorName::Math => MATH,
            FlavorName::Ml => ML,
            FlavorName::Dl => DL,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_flavour_is_named_on_the_command_line_by_its_name_and_its_spec() {
        assert_eq!(FlavorName::value_variants().len(), FLAVORS.len());
        for flavor in FLAVORS {
            for spelling in [flavor.name, flavor.spec] {
                let parsed = FlavorName::from_str(spelling, false).expect(spelling);
                assert_eq!(parsed.flavor(), *flavor, "{spelling}");
            }
        }
    }
}
