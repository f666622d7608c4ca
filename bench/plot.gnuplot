# Draws the throughput table of bench_suite --plot-data as grouped bars,
# one group per workload and one bar per engine, on a log scale (engines
# differ by orders of magnitude). Called by bench/run.sh:
#   gnuplot -e "datafile='DATA'; columns=N; outfile='OUT.svg'; chart_title='TITLE'" bench/plot.gnuplot
# where N is the number of columns of DATA (workload name + one per engine).
set terminal svg size 1400,700 dynamic font "sans,11" background "white"
set output outfile
set title chart_title
set datafile missing "-"
set style data histograms
set style histogram clustered gap 2
set style fill solid 0.85 border -1
set boxwidth 0.9
set logscale y
set ylabel "MB/s (log scale, higher is better)"
set grid ytics
set key outside right top
set xtics rotate by -40 left font ",9"
set bmargin 10
plot for [column = 2:columns] datafile using column:xtic(1) title columnheader(column)
