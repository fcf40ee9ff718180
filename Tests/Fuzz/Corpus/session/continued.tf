load x.csv \
  --text body
# comment

  run
set a.b c \