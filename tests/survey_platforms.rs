use procdiag::sample::survey::generate;

#[test]
fn scratch() {
    for (n, w, s) in [(60, 1, 11), (40, 2, 5)] {
        let rows = generate(n, w, s);
        let nps: Vec<u8> = rows.iter().map(|r| r.nps).collect();
        let other = rows.iter().filter(|r| r.pain_other.is_some()).count();
        let skipped = rows.iter().filter(|r| r.ratings[8].is_none()).count();
        let comments = rows.iter().filter(|r| r.comment.is_some()).count();
        let phones = rows.iter().filter(|r| r.phone.is_some()).count();
        eprintln!("nps min {:?} max {:?} other {other} skipped {skipped} comments {comments} phones {phones}", nps.iter().min(), nps.iter().max());
        eprintln!("{:?}", rows[0]);
    }
}
