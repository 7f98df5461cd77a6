from maxpressure.cli import main

main()
