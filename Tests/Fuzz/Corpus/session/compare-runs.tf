# Compare two runs of the same data: VADER's default threshold (0.05) and a stricter one (0.5).
# A higher threshold calls fewer comments positive or negative; which ones move to neutral?
#
#   tf run Playground/compare-runs.tf

load feedback.csv
use sentiment
run
top sentiment

set sentiment.threshold 0.5
run
top sentiment
runs 2

# Both runs side by side, straight from the results store.
sql select run_id as run, json_extract(value, '$.label') as label, count(*) as records \
    from result where run_id >= (select max(id) - 1 from run) \
    group by run_id, label order by run_id, records desc

# The comments whose label changed between the two runs, strongest first.
sql select r.record_id as id, json_extract(a.value, '$.label') as before, \
           json_extract(b.value, '$.label') as after, round(json_extract(b.value, '$.score'), 3) as score, \
           r.text as text \
    from result a join result b on b.seq = a.seq and b.run_id = a.run_id + 1 \
    join run on run.id = a.run_id \
    join record r on r.dataset_id = run.dataset_id and r.seq = a.seq \
    where a.run_id = (select max(id) - 1 from run) and before != after \
    order by abs(score) desc limit 10

# The in-memory results are the last run's: the comments that stayed negative.
filter sentiment=negative
count
show 5
