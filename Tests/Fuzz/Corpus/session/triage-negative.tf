# Triage of negative feedback: how much is negative, what it is about, the worst of it.
#
#   tf run Playground/triage-negative.tf          (or, at the tf> prompt: source Playground/triage-negative.tf)
#
# Paths in a session file are read from the current folder, else from the file's own folder,
# so this works from anywhere.

load feedback.csv
pipeline
run
top sentiment

# Only the clearly negative comments (VADER compound at or below -0.5).
filter sentiment=negative score<=-0.5
count
show 10

# The recurring themes among the negative comments, one keyword at a time.
filter sentiment=negative text~battery
count
filter sentiment=negative text~bluetooth
count
filter sentiment=negative text~refund
count
filter sentiment=negative text~"4.2"
show 5

# All the themes at once, asked of the results store with SQL (the last run's negative comments).
sql select sum(r.text like '%battery%') as battery, sum(r.text like '%bluetooth%') as bluetooth, \
           sum(r.text like '%refund%') as refunds, sum(r.text like '%crash%') as crashes, \
           sum(r.text like '%update%') as updates \
    from result x join run on run.id = x.run_id \
    join record r on r.dataset_id = run.dataset_id and r.seq = x.seq \
    where x.run_id = (select max(id) from run) and json_extract(x.value, '$.label') = 'negative'

filter off
# report /tmp/triage.md    writes the whole run's Markdown report
