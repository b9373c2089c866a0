use ferrolab::prelude::*;
ferrolab::friendly_panic::install();
