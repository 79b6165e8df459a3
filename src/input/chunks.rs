//! A large document's elements converted on two threads and handed on in their order.
//!
//! Readers turn each element of a document (a CycloneDX component, an SPDX package) into a
//! package on their own, then add it to one graph builder, which only one thread can do. The
//! elements are cut into chunks that either thread takes as it comes free; the calling
//! thread adds every converted chunk, in order, as soon as it is next, and converts chunks
//! itself while the next one is still being converted by the other thread. Neither thread
//! waits while there is work: a split into two fixed halves left the other processor idle
//! while the calling thread added the second half (a million components: 0.46 s).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};

/// A chunk's converted elements, and the error of the element that stopped it.
type Converted<T, E> = (Vec<T>, Option<E>);

/// From how many elements a second thread converts too; fewer are converted in a loop.
const PARALLEL_FROM: usize = 4096;

/// Elements per chunk: small enough to share the work evenly, large enough that handing a
/// chunk over costs nothing next to converting it.
const CHUNK: usize = 1024;

/// Converts every element of `items` with `convert` and hands the results to `add` in the
/// items' order, on the calling thread, with a second thread converting too when there are
/// [`PARALLEL_FROM`] elements or more and two processors. Stops at the
/// first element `convert` refuses, in order, and returns its error, as a loop would; what
/// `add` has been given by then is the same as in a loop.
pub(crate) fn convert_in_order<C: Send, T: Send, E: Send>(
    items: Vec<C>,
    convert: &(impl Fn(C) -> Result<T, E> + Sync),
    mut add: impl FnMut(T),
) -> Result<(), E> {
    let two = std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    if items.len() < PARALLEL_FROM || !two {
        for item in items {
            add(convert(item)?);
        }
        return Ok(());
    }
    let mut chunks: Vec<Mutex<Vec<C>>> = Vec::with_capacity(items.len().div_ceil(CHUNK));
    let mut rest = items.into_iter().peekable();
    while rest.peek().is_some() {
        chunks.push(Mutex::new(rest.by_ref().take(CHUNK).collect()));
    }
    let count = chunks.len();
    let next = AtomicUsize::new(0);
    // Takes the next chunk nobody has taken and converts it, up to its first refused
    // element: the chunk's number, what was converted, and the refusal.
    let work = || -> Option<(usize, Converted<T, E>)> {
        let k = next.fetch_add(1, Ordering::Relaxed);
        let chunk = std::mem::take(&mut *chunks.get(k)?.lock().unwrap_or_else(|e| e.into_inner()));
        let mut converted = Vec::with_capacity(chunk.len());
        for item in chunk {
            match convert(item) {
                Ok(t) => converted.push(t),
                Err(e) => return Some((k, (converted, Some(e)))),
            }
        }
        Some((k, (converted, None)))
    };
    std::thread::scope(|s| {
        let (done, finished) = mpsc::channel();
        let helper = s.spawn(move || {
            while let Some(result) = work() {
                if done.send(result).is_err() {
                    break;
                }
            }
        });
        let mut ready: Vec<Option<Converted<T, E>>> = (0..count).map(|_| None).collect();
        let mut added = 0;
        while added < count {
            for (k, result) in finished.try_iter() {
                ready[k] = Some(result);
            }
            if let Some((converted, refused)) = ready[added].take() {
                converted.into_iter().for_each(&mut add);
                if let Some(e) = refused {
                    // The other thread takes no more chunks; what it was converting is past
                    // the error, and a loop would never have reached it, panic or not.
                    next.store(count, Ordering::Relaxed);
                    drop(finished);
                    let _ = helper.join();
                    return Err(e);
                }
                added += 1;
            } else if let Some((k, result)) = work() {
                ready[k] = Some(result);
            } else {
                // Every chunk is taken: the next one is being converted on the other thread.
                match finished.recv() {
                    Ok((k, result)) => ready[k] = Some(result),
                    // The other thread stopped without it: it panicked, and its panic, with
                    // its own message, goes on from here.
                    Err(_) => match helper.join() {
                        Err(panic) => std::panic::resume_unwind(panic),
                        Ok(()) => unreachable!("the other thread ends only when every chunk is taken"),
                    },
                }
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_order_and_the_first_error_stops() {
        let items: Vec<usize> = (0..10 * CHUNK + 7).collect();
        let mut seen = Vec::new();
        let double = |i: usize| Ok::<usize, ()>(i * 2);
        assert_eq!(convert_in_order(items.clone(), &double, |x| seen.push(x)), Ok(()));
        assert_eq!(seen, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        // Elements 5,000 and 7,000 are refused: the first stops everything, and what came
        // before it, and only that, was added.
        let mut seen = Vec::new();
        let refuse = |i: usize| if i == 5_000 || i == 7_000 { Err(i) } else { Ok(i) };
        assert_eq!(convert_in_order(items.clone(), &refuse, |x| seen.push(x)), Err(5_000));
        assert_eq!(seen, (0..5_000).collect::<Vec<_>>());
        let mut seen: Vec<usize> = Vec::new();
        assert_eq!(convert_in_order(Vec::new(), &refuse, |x| seen.push(x)), Ok(()));
        assert!(seen.is_empty());
    }

    #[test]
    fn a_panic_on_either_thread_goes_on_with_its_own_message() {
        // Item 3,000 panics, on whichever thread converts its chunk.
        let items: Vec<usize> = (0..8 * CHUNK).collect();
        let boom =
            |i: usize| if i == 3_000 { panic!("item {i} cannot be converted") } else { Ok::<_, ()>(i) };
        for _ in 0..20 {
            let caught =
                std::panic::catch_unwind(|| convert_in_order(items.clone(), &boom, |_| {})).unwrap_err();
            let message = caught.downcast_ref::<String>().map(String::as_str).unwrap_or("(not a string)");
            assert_eq!(message, "item 3000 cannot be converted");
        }
    }
}
