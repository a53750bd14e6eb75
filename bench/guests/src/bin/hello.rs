//! The smallest useful program: start-up cost is all there is to measure.

fn main() {
    println!("Hello, world!");
}
