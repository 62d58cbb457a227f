#!/usr/bin/env python3
"""Writes the seed corpora of tests/fuzz/corpus/<target>/ (committed; run
again after changing it). Seeds come from the repository's data and from the
bad inputs of the test suite; each file is named by the SHA-1 of its bytes,
as libFuzzer names what it adds."""
import gzip, hashlib, os, pathlib, sys

here = pathlib.Path(__file__).resolve().parent
root = here.parent.parent
data = root / "examples" / "data"
corpus = {}

def add(target, content):
    if isinstance(content, str):
        content = content.encode()
    corpus.setdefault(target, set()).add(content)

def head_lines(path, count):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        return b"".join(line for _, line in zip(range(count), f))

# Edge lists: the first byte picks directed (1), keep duplicates (2) and the
# weight range -10..10 (4).
edge_texts = [
    head_lines(data / "karate.txt", 200),
    head_lines(data / "email-Eu-core.txt.gz", 40),
    head_lines(data / "ca-GrQc.txt.gz", 40),
    head_lines(data / "bitcoin-alpha.txt.gz", 30),   # weighted -10..10
    "# header\n% matrix-market style comment\n\n  \t\n1,2\n2\t3\r\n3 , 4\r\n  # indented\r\n\r\n4\t,1",
    "18446744073709551615 5\n5 1000000000000\n1000000000000 18446744073709551615\n",
    "0 1\n0 1\n1 1\n1 0\n", "0 1 -10\n1 2 +0\n2 0 10\n0 2 5.5\n", "0 1\n5\n 7 \n1 0\n5\n",
    "3\n", "9\n0 1 0.25\n4\n1 0 0.75\n", "0 1\n1 2\n1 x\n", "0 1\n-1 2\n", "1.5 2\n",
    "18446744073709551616 1\n", "1 2 3 4\r\n", "1 2 abc\n", "1 2 1\n2 3 nan\n",
    "0 1 1\n\n1 2\n", "0 1\n1 2 0.5\n", "# nothing here\n\n% nor here\n", "0 1\n1 \x01\x02\n",
    "\ufeff1 2\n2 3\n", "1 2 1e-400\n", "1 2 1e400\n", "",
]
for i, text in enumerate(edge_texts):
    raw = text.encode() if isinstance(text, str) else text
    add("edge_list", bytes([i % 8]) + raw)
    add("edge_list_gzip", bytes([i % 2]) + raw)
add("edge_list", b"\x01" + gzip.compress(head_lines(data / "karate.txt", 30), mtime=0))
add("edge_list", b"\x01" + gzip.compress(b"1 2\n2 3\n", mtime=0)[:-6])  # cut short

# Community files and seeds files, read against tests/fuzz/fixed_graph.hpp's
# ids 1..12, 100, 2^32 and 2^64 - 1.
for text in ["1 a\n2 a\n3 b\n4 b\n5 c\n", "# id community\n1,x\n2\tx\n100 y\n4294967296 y\n",
             "\ufeff18446744073709551615 home\n", "1 a\n1 b\n", "99 a\n", "1\n", "1 a b\n",
             "x a\n", "-1 a\n", "1 " + "c" * 300 + "\n", ""]:
    add("communities", text)
for text in ["1\n2\n3\n", "# seeds\n100\n\n4294967296\n18446744073709551615\n", "\ufeff1\n",
             "1\n1\n", "99\n", "1 2\n", "x\n", "-3\n", "18446744073709551616\n", ""]:
    add("seeds", text)

# Specs: the first byte picks graph (0), trust (1), rule (2) or trigger (3).
specs = {
    0: ["ba:n=100000,m=5", "er:n=10,k=4", "ws:n=100,k=4,beta=0.1",
        "sbm:n=60,communities=3,k_in=4,k_out=1", "file:g.txt,directed=0,weight_min=-10,weight_max=10",
        "file:g.txt,duplicates=keep", "er:n=-3", "er:n=1e-400", "ba:n=10,m=20", "nosuch:n=1",
        "er:n=10,k=4,k=4", "er:n=10,", "er"],
    1: ["const:0.05", "constant(0.2)", "uniform:0.1:0.3", "wc", "trivalency", "weight", "tie",
        "tie:0.1:0.9", "const:2", "uniform:0.5:0.1", "const:nan"],
    2: ["ic", "lt", "complex:k=2", "invite:invites=3", "sir:churn=0.1", "sis:churn=0.1",
        "bass:p=0.01,q=0.3", "bass:p=0.01,q=0.3,scope=neighbors", "watts:phi=0.18", "nosuch",
        "bass:p=2", "ic:x=1"],
    3: ["never", "day:30", "adopters:1000", "day:-1", "adopters:x", "week:2"],
}
for kind, texts in specs.items():
    for text in texts:
        add("specs", bytes([kind]) + text.encode())

# Seeding specs (seeds =, --seeds, --method, --seedings): every method, the
# bounds of each parameter, and the bad inputs of the test suite.
for text in ["100", "0", "4294967295", "4294967296", "-5", "1e2", "+7", " 12 ", "5.5",
             "random:k=5", "random:k=0", "random:k=5,rule=ic", "degree:k=10", "degree:k=3,rule=lt",
             "degree-discount:k=10", "degree-discount:k=4,rule=ic", "celf:k=3,runs=200",
             "celf:k=2", "celf:k=2,runs=100000000", "celf:k=2,runs=0", "imm:k=50",
             "imm:k=50,epsilon=0.1,ell=1,rule=lt", "imm:ell=2,epsilon=0.05,k=9,rule=ic",
             "imm:k=5,epsilon=0.001,ell=0.01", "imm:k=5,epsilon=0.6,ell=100",
             "imm:k=5,epsilon=1e-3,ell=1e2", "opim-c:k=5", "opim-c:k=7,epsilon=0.2,ell=1.5,rule=lt",
             "imm:k=0", "imm:k=4294967295", "imm:k=4294967296", "imm:k=5,epsilon=0",
             "imm:k=5,epsilon=2", "imm:k=5,epsilon=x", "imm:k=5,ell=-1", "imm:k=5,rule=sir",
             "imm:k=5,runs=3", "celf:k=5,epsilon=0.1", "imm", "imm:", "imm:epsilon=0.1",
             "imm:k=5,k=6", "imm:k=5,", "imm:k=5,x", "imm:=5", "nosuch:k=5", "greedy:k=5",
             " imm : k = 5 , rule = lt ", "IMM:k=5", "%canonical_option%%prefix%", ""]:
    add("seeding_spec", text)

# Seeds files' header lines (the first line; what follows is ids).
for text in ["# koubei seeds: method=imm:k=50,epsilon=0.1,ell=1,rule=ic; graph=ba:n=100,m=2; "
             "trust=const:0.1; rule=ic; rng-seed=20100816; estimate=6.303; half-width-95=0.145285; "
             "runs=1000; ratio=0.532121; failure-probability=0.01; own-estimate=6.2145; "
             "rr-sets=151970; koubei=0.1.0\n78\n21\n83\n",
             "# koubei seeds: method=degree:k=2,rule=lt\r\n5\r\n7\r\n",
             "\ufeff# koubei seeds: method=celf:k=3,runs=200\n1\n",
             "# koubei seeds: note=100%25%20sure%3B%0Areally%0D%09x; graph=file:a%3Bb.txt; empty=\n",
             "# koubei seeds:\n", "# koubei seeds: a=1;\n", "# koubei seeds: =x\n1\n2\n",
             "# koubei seeds: method\n5\n", "# koubei seeds: a=1; a=2\n",
             "# koubei seeds: note=50%\n", "# koubei seeds: note=a%3b\n", "# koubei seeds: a b=1\n",
             "# koubei seeds: Method=imm:k=5\n", "# koubei seeds: method=nosuch:k=2\n",
             "# koubei seeds: rule=sir\n", "# koubei seeds: method=imm:k=2,epsilon=5\n",
             " # koubei seeds: method=degree:k=1\n", "# seeds chosen by hand\n1\n", "1\n2\n", ""]:
    add("seeds_header", text)

# Scenario files, with includes after "=== NAME" lines.
for example in sorted((root / "examples").glob("*.ini")):
    add("ini", example.read_text())
for text in ["rule = lt   # comment\nseeds = 50\ngraph=er:n=100,k=2\n",
             "include = b.ini\nseeds = 3\n=== b.ini\nsteps = 5\nreps = 2\n",
             "include = b.ini\n=== b.ini\ninclude = a.ini\n", "include = nothere.ini\n",
             "include =\n", "[adoption]\nchurn = 0.01\n[forum]\nstart = day:3\n",
             "model = wom\nsteps = 30\nads.daily_budget = 100\n",
             "arm = a: rule=lt; seeds=3\narm = b: trust=const:0.2\n", "steps = -1\n",
             "rule = foo\n", "trust = const:2\n", "nosuch = 1\n", "seeds = 1\nseeds = 2\n",
             "rule ic\n", "\ufeffseeds = 4\n", "scale = 0.5\ngraph = er:n=1000,k=4\n"]:
    add("ini", text)

# Sweep axes: one --vary per line; a --vary-file after "=== vary.csv".
for text in ["seeds=1;2;3\n", "trust=const:0.1;const:0.2\nrule=ic;lt\n", "steps=0:10:2\n",
             "steps=1:1e9:1\n", "seeds=\n", "out=x\n", "threads=1;2\n", "nosuch=1\n",
             "=== vary.csv\nseeds,steps\n1,2\n3,4\n", "=== vary.csv\nseeds\n\n", "steps=1:0:1\n",
             "scale=0.5;1\n", "steps=0.1:0.3:0.1\n"]:
    add("sweep_axes", text)

# Replicate records, as koubei writes them (without the checksum, which the
# target adds), and journals of such records with their checksums.
import zlib
bodies = [  # from the journal of a koubei sweep (ic and sir, every step kept)
    "0 0 ok ic 60 186 2 0 58 0 2 0 0 0 0.012744 4 2 0 0 0 1 0 -1 58 0 2 0 0 0 2 0 0 0 0 0 0 0",
    "0 1 ok ic 60 186 2 1 57 0 3 0 0 0 0.021229 11 3 0 0 1 2 0 -1 58 0 2 0 0 0 2 0 0 0 0 0 0 0 1 -1 57 0 3 0 0 0 1 0 0 6 0 0 0 0",
    "1 0 ok sir:churn=0.2 60 186 2 12 56 0 0 0 4 0 0.019637 46 4 -1 -1 46 13 0 -1 58 0 2 0 0 0 2 0 0 0 0 0 0 0 1 -1 56 0 4 0 0 0 2 0 0 4 0 0 0 0 2 -1 56 0 4 0 0 0 0 0 0 10 0 0 0 0 3 -1 56 0 3 0 1 0 0 0 1 10 0 0 0 0 4 -1 56 0 2 0 2 0 0 0 1 5 0 0 0 0 5 -1 56 0 1 0 3 0 0 0 1 3 0 0 0 0 6 -1 56 0 1 0 3 0 0 0 0 2 0 0 0 0 7 -1 56 0 1 0 3 0 0 0 0 2 0 0 0 0 8 -1 56 0 1 0 3 0 0 0 0 2 0 0 0 0 9 -1 56 0 1 0 3 0 0 0 0 2 0 0 0 0 10 -1 56 0 1 0 3 0 0 0 0 2 0 0 0 0 11 -1 56 0 1 0 3 0 0 0 0 2 0 0 0 0 12 -1 56 0 0 0 4 0 0 0 1 2 0 0 0 0",
    "3 7 failed graph too large",
    "4294967295 4294967295 failed x",
]
for body in bodies:
    add("replicate_record", body)
lines = "".join(f"{b} #{zlib.crc32(b.encode()):08x}\n" for b in bodies)
add("sweep_journal", "same\n" + lines)
add("sweep_journal", "same\n" + lines[:-5])           # the last record cut short
add("sweep_journal", "same\n" + lines.replace("ok ic", "ok lt", 1))  # a corrupt record
add("sweep_journal", "# another sweep\n" + lines)
add("sweep_journal", "same\n")

# Targets files of `koubei fit`.
header = "kind,column,window,observed,weight,tolerance\n"
for text in [header + "timeseries,adopters,step=50,500000,1,\nsummary,t_50pct,,40,,5\n"
             "share,forum,adopters=0:500000,0.6,,\nshare,microblog,steps=10:20,0.3,2,\n",
             "kind,column,window,observed\n\n# c\ntimeseries,new_adopters_ads,step=0,3\n",
             header + "timeseries,adoptors,step=1,5\n", header + "timeseries,adopters,step=400,5\n",
             header + "share,tv,steps=1:2,0.5\n", header + "share,forum,adopters=5:5,0.5\n",
             header + "timeseries,adopters,step=1,0\n", header + "timeseries,adopters,step=1,0,,0\n",
             header + "summary,cost_per_retained,,1e308,0,1e-308\n", "kind,kind\n", "",
             "\ufeffkind,column,observed\nsummary,final_adopters,7\n",
             header + "\"share\",\"forum\",\"steps=0:0\",\"1\"\n"]:
    add("targets", text)

# What `koubei plot` reads back from a run's directory.
ts = ("run,replicate,step,phase,unaware,aware,adopters,promoters,churned,new_adopters\n"
      "0,0,0,none,95,0,5,0,0,5\n0,0,1,fast,90,2,8,0,0,3\n0,0,2,fast,88,1,10,1,1,2\n"
      "0,1,0,none,95,0,5,0,0,5\n0,1,1,good-looking,93,1,6,0,0,1\n")
summary = "run,replicate,t_10pct,t_50pct\n0,0,0,1\n0,1,0,\n"
agg = "run,step" + "".join(f",{c}_{s}" for c in ("adopters", "churned", "new_adopters")
                           for s in ("mean", "sd", "lo", "hi")) + "\n"
agg += "0,0" + ",5,0,5,5" * 3 + "\n0,1" + ",8,1,7,9" * 3 + "\n1,0" + ",4,0,4,4" * 3 + "\n"
for text in [ts, ts + "=== summary.csv\n" + summary, ts + "0,1,0,none,1,1,1,1,1,1\n",
             ts.replace("0,1,1,", "0,1,7,"), ts + "=== runs.csv\nrun,arm,settings\n0,a,x\n",
             agg, agg + "=== runs.csv\nrun,arm,settings\n0,low,\"trust=const:0.1\"\n1,high,y\n",
             agg.replace("0,1,8", "0,1,x"), "run,replicate,step\n", "",
             ts.replace("0,0,2,", "4294967295,4294967295,4294967295,")]:
    add("run_curves", text)

# What the other kinds of `koubei plot` read: a sweep's, a comparison's, a
# fit's and a run's files with communities.
points = "point,trust,seeds\n0,const:0.1,5\n1,const:0.1,20\n2,const:0.3,5\n3,const:0.3,20\n"
sweep_summary = "run,replicate,nodes,final_adopters\n0,0,100,5\n0,1,100,7\n1,0,100,30\n2,0,100,50\n3,0,100,60\n3,1,100,64\n"
communities = ("run,replicate,step,community,adopters,churned\n0,0,0,c0,5,0\n0,0,0,c1,0,0\n"
               "0,0,1,c0,8,0\n0,0,1,c1,2,0\n0,1,0,c0,5,0\n0,1,0,c1,0,0\n")
comparison = ("rule,seeding,nodes,arcs,replicates,failed,final_adopters_mean,final_adopters_sd,final_adopters_lo,"
              "final_adopters_hi,final_fraction_mean,t_50pct_mean,arcs_examined_mean,arcs_per_second,"
              "wall_ms_per_replicate\nic,random:k=5,100,300,2,0,10,1,9,11,0.1,2,30,1e6,0.1\n"
              "lt,random:k=5,100,300,2,0,12,1,11,13,0.12,3,30,1e6,0.1\n")
compare_agg = agg.replace("run,step", "row,step")
validation = ("target,observed,mean,lo,hi,inside\nnew_adopters@1,10,9,8,10,yes\nnew_adopters@2,20,22,21,23,no\n")
for text in [points + "=== summary.csv\n" + sweep_summary,
             points.replace("const:0.3", "ic") + "=== summary.csv\n" + sweep_summary,
             "point,trust\n0,const:0.1\n=== summary.csv\n" + sweep_summary,
             "=== communities.csv\n" + communities + "=== timeseries.csv\n" + ts,
             "=== communities.csv\n" + communities.replace("0,0,1,c0", "0,0,0,c0"),
             "=== comparison.csv\n" + comparison + "=== aggregate.csv\n" + compare_agg,
             "=== validation.csv\n" + validation,
             "=== validation.csv\n" + validation.replace("new_adopters@2", "share_forum@adopters=0:10"),
             "=== validation.csv\ntarget,observed,mean,lo,hi,inside\n",
             "=== timeseries.csv\n" + ts, "=== aggregate.csv\n" + agg, "",
             "point,x\n0,1\n1,2\n=== summary.csv\nrun,replicate,nodes,final_adopters\n0,0,100,1e308\n"
             "0,1,100,1.5e308\n1,0,100,1e-320\n",
             "point,x\n0,1.7e308\n1,-1.7e308\n=== summary.csv\nrun,replicate,nodes,final_adopters\n0,0,1,1\n1,0,1,2\n",
             "point,\"a\nb\"\n0,\"x\ny\"\n1,']]>\n=== summary.csv\nrun,replicate,nodes,final_adopters\n0,0,1,1\n"]:
    add("plot_drawings", text)

out = here / "corpus"
for target, contents in corpus.items():
    directory = out / target
    directory.mkdir(parents=True, exist_ok=True)
    for content in contents:
        (directory / hashlib.sha1(content).hexdigest()).write_bytes(content)
    print(f"{target}: {len(contents)} seeds", file=sys.stderr)
