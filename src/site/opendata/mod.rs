//! Open data: the site's figures as downloads (CSV, JSON, XLSX, a Frictionless data package
//! and a zip), written by `build` beside the pages that show them.
//!
//! Every format is the same tidy table: [`rows`] makes one row per figure from the validated
//! model, [`columns::COLUMNS`] defines each column once (name, type, description, cell), and
//! each writer only lays the cells out. `minhbach import` reads the same columns back.

pub mod caught;
pub mod columns;
pub mod csv;
pub mod datapackage;
pub mod files;
pub mod json;
pub mod printings;
pub mod rows;
pub mod write;
pub mod xlsx;
pub mod zip;

pub use columns::{Cell, Column, Kind, COLUMNS};
pub use files::{Format, Scope};
pub use rows::{Row, Rows};
pub use write::{one_file, write_all, Downloads, Failure, Made};
