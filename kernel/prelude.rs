use ferrolab::prelude::*;
ferrolab::friendly_panic::install();
ferrolab::interrupt::install();
