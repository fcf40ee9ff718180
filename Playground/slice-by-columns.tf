# Every column of feedback.csv travels with its record: slice the sentiment by product,
# channel, rating and time.
load feedback.csv
run
top sentiment
columns
count by product, sentiment.label
trend sentiment by month
trend sentiment by month by product
top sentiment by rating
# The 1- and 2-star Pulse Band comments VADER still calls positive: sarcasm, or VADER wrong?
filter product="Pulse Band" rating<=2 sentiment=positive
show 5 --columns rating,created
