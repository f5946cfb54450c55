from . import votes

print("== votes: 100 phones voting at once ==")
votes.run()
